package dev.netc.codegen.build;

import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Chain;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.ListLit;
import java.util.LinkedHashSet;
import java.util.Set;

/** The identifiers an expression mentions, wherever they sit: stages, arguments, lists. */
final class Mentions {
  private Mentions() {}

  static Set<String> of(Expr e) {
    Set<String> names = new LinkedHashSet<>();
    collect(e, names);
    return names;
  }

  private static void collect(Expr e, Set<String> names) {
    if (e instanceof Ident id) {
      names.add(id.name());
    } else if (e instanceof Chain chain) {
      chain.stages().forEach(s -> collect(s, names));
    } else if (e instanceof Call call) {
      for (Arg a : call.args()) {
        collect(a.value(), names);
      }
    } else if (e instanceof ListLit list) {
      list.elements().forEach(x -> collect(x, names));
    }
  }
}
