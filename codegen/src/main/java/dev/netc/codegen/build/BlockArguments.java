package dev.netc.codegen.build;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Suggestions;

import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.ArgResolver;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.ListLit;
import dev.netc.dsl.ast.NumberLit;
import dev.netc.dsl.ast.StringLit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the arguments of a block call to the block's parameters. The first parameter is the
 * block's input, bound the way an op's input is: to the first argument when that names a value
 * ({@code conv_bn_relu(image, 16)}), otherwise to the value chained in from the left or from the
 * previous statement ({@code image -> conv_bn_relu(16)}). The other parameters take the remaining
 * arguments, positional then named: a value name binds the value, anything else (a number, a
 * name such as relu, a list, a string) is substituted into the body as written.
 */
final class BlockArguments {
  private BlockArguments() {}

  /**
   * Arguments bound to parameters.
   *
   * @param input the value written for the input parameter, or null when it is the chained value
   * @param values parameters bound to values of the caller, by name
   * @param literals parameters bound to literals, by name
   */
  record Bound(Node input, Map<String, Node> values, Map<String, Expr> literals) {}

  /** The binding, or null after reporting what is wrong at the argument or the call. */
  static Bound bind(Block block, List<Arg> written, SourcePos callPos, Scope caller, Diagnostics diags) {
    String name = block.name();
    List<Ident> params = block.decl().params();
    String inputParam = params.get(0).name();
    List<Arg> positional = new ArrayList<>();
    Map<String, Arg> named = new LinkedHashMap<>();
    boolean ok = true;
    for (Arg arg : written) {
      if (arg.name() == null) {
        if (!named.isEmpty()) {
          diags.error(arg.pos(), name + ": positional argument after a named argument");
          return null;
        }
        positional.add(arg);
      } else if (params.stream().noneMatch(p -> p.name().equals(arg.name()))) {
        String hint = Suggestions.didYouMean(arg.name(), names(params));
        diags.error(arg.pos(), name + ": unknown argument '" + arg.name() + "'"
            + (hint.isEmpty() ? "; block " + signature(block) + " takes " + String.join(", ", names(params)) : hint));
        ok = false;
      } else if (named.putIfAbsent(arg.name(), arg) != null) {
        diags.error(arg.pos(), name + ": argument '" + arg.name() + "' given twice");
        ok = false;
      }
    }

    // which argument is the input, if any
    Expr inputExpr = null;
    if (named.containsKey(inputParam)) {
      inputExpr = named.remove(inputParam).value();
    } else if (!positional.isEmpty() && positional.get(0).value() instanceof Ident id
        && !caller.literals.containsKey(id.name())
        && (caller.values.containsKey(id.name())
            || positional.size() + named.size() == params.size())) {
      // a value, or a name in the input's place of a call that passes every parameter
      inputExpr = positional.remove(0).value();
    }
    Node input = null;
    if (inputExpr != null) {
      input = value(block, inputExpr, caller, diags);
      if (input == null) {
        return null;
      }
    }

    Map<String, Node> values = new LinkedHashMap<>();
    Map<String, Expr> literals = new LinkedHashMap<>();
    List<Ident> rest = params.subList(1, params.size());
    for (int i = 0; i < positional.size(); i++) {
      Arg arg = positional.get(i);
      if (i >= rest.size()) {
        diags.error(arg.pos(), name + ": too many arguments; " + (input != null
            ? "block " + signature(block) + " takes " + params.size()
            : "after its input " + inputParam + " it takes " + rest.size()
                + (rest.isEmpty() ? "" : " (" + String.join(", ", names(rest)) + ")")));
        return null;
      }
      Ident param = rest.get(i);
      if (named.containsKey(param.name())) {
        diags.error(named.get(param.name()).pos(), name + ": argument '" + param.name() + "' given twice");
        return null;
      }
      ok &= bindOne(block, param, arg.value(), caller, values, literals, diags);
    }
    for (Map.Entry<String, Arg> e : named.entrySet()) {
      Ident param = rest.stream().filter(p -> p.name().equals(e.getKey())).findFirst().orElseThrow();
      ok &= bindOne(block, param, e.getValue().value(), caller, values, literals, diags);
    }
    if (!ok) {
      return null;
    }
    for (Ident param : rest) {
      if (!values.containsKey(param.name()) && !literals.containsKey(param.name())) {
        diags.error(callPos, name + ": missing argument '" + param.name() + "'; block "
            + signature(block) + " takes " + params.size());
        return null;
      }
    }
    return new Bound(input, values, literals);
  }

  /** The caller's value that an input argument names, or null after reporting why there is none. */
  private static Node value(Block block, Expr e, Scope caller, Diagnostics diags) {
    if (!(e instanceof Ident id)) {
      diags.error(e.pos(), block.name() + ": argument '" + block.decl().params().get(0).name()
          + "' is the block's input and must name a value, got " + ArgResolver.show(e));
      return null;
    }
    Node node = caller.values.get(id.name());
    if (node != null) {
      return node;
    }
    if (caller.declaredAt.containsKey(id.name())) {
      caller.notYetDefined(id, diags);
    } else {
      caller.unknownValue(id, diags);
    }
    return null;
  }

  private static boolean bindOne(Block block, Ident param, Expr e, Scope caller,
      Map<String, Node> values, Map<String, Expr> literals, Diagnostics diags) {
    if (e instanceof Ident id && caller.values.containsKey(id.name())) {
      values.put(param.name(), caller.values.get(id.name()));
      return true;
    }
    if (e instanceof Ident || e instanceof NumberLit || e instanceof StringLit || e instanceof ListLit) {
      // the caller's own literal parameters are resolved here, in the caller's scope
      literals.put(param.name(), caller.substitute(e));
      return true;
    }
    diags.error(e.pos(), block.name() + ": argument '" + param.name() + "' must be a value name or"
        + " a literal such as 16, relu or [3, 3], got " + (e instanceof Call c ? "a call to " + c.name()
        : ArgResolver.show(e)));
    return false;
  }

  /** {@code conv_bn_relu(x, filters)}. */
  static String signature(Block block) {
    return block.name() + "(" + String.join(", ", names(block.decl().params())) + ")";
  }

  private static List<String> names(List<Ident> idents) {
    return idents.stream().map(Ident::name).toList();
  }
}
