package dev.netc.codegen.build;

import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import java.util.List;

/** {@code name} or {@code name(args)}: how losses and optimizers are written. */
record NamedCall(String name, List<Arg> args) {

  /** The name and arguments of {@code e}, or null when it is neither an identifier nor a call. */
  static NamedCall of(Expr e) {
    if (e instanceof Ident id) {
      return new NamedCall(id.name(), List.of());
    }
    if (e instanceof Call call) {
      return new NamedCall(call.name(), call.args());
    }
    return null;
  }
}
