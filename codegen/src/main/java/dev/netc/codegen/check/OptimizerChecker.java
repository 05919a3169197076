package dev.netc.codegen.check;

import dev.netc.codegen.ops.ArgResolver;
import dev.netc.codegen.ops.ArgSpec;
import dev.netc.codegen.ops.ArgType;
import dev.netc.codegen.ops.Args;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.OptimizerDecl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks {@code optimizer name(args);} against the optimizers the runtime implements. */
final class OptimizerChecker {
  private OptimizerChecker() {}

  record Result(String name, Map<String, Double> args) {}

  private static final ArgType LR = new ArgType.FloatType(0, Double.POSITIVE_INFINITY, false);
  private static final ArgType UNIT = new ArgType.FloatType(0, 1, true);

  static final Map<String, List<ArgSpec>> SCHEMAS = Map.of(
      "sgd", List.of(
          ArgSpec.optional("lr", LR, 0.01, "learning rate"),
          ArgSpec.optional("momentum", UNIT, 0.0, "momentum factor"),
          ArgSpec.optional("nesterov", ArgType.bool(), false, "Nesterov momentum"),
          ArgSpec.optional("weight_decay", ArgType.nonNegative(), 0.0, "L2 penalty")),
      "adam", List.of(
          ArgSpec.optional("lr", LR, 0.001, "learning rate"),
          ArgSpec.optional("beta1", UNIT, 0.9, "decay of the first moment"),
          ArgSpec.optional("beta2", UNIT, 0.999, "decay of the second moment"),
          ArgSpec.optional("eps", ArgType.nonNegative(), 1e-8, "added to the denominator"),
          ArgSpec.optional("weight_decay", ArgType.nonNegative(), 0.0, "L2 penalty")));

  static Result check(OptimizerDecl decl, Diagnostics diags) {
    if (decl == null) {
      return new Result("sgd", Map.of("lr", 0.01));
    }
    Expr e = decl.value();
    NamedCall call = NamedCall.of(e);
    if (call == null) {
      diags.error(e.pos(), "expected an optimizer such as adam(lr: 0.001)");
      return new Result("sgd", Map.of());
    }
    String name = call.name();
    List<Arg> written = call.args();
    List<ArgSpec> schema = SCHEMAS.get(name);
    if (schema == null) {
      diags.error(e.pos(), "unknown optimizer '" + name + "'"
          + GraphBuilder.orList(name, List.of("sgd", "adam")));
      return new Result("sgd", Map.of());
    }
    Args args = ArgResolver.resolve(name, schema, written, e.pos(), diags);
    Map<String, Double> values = new LinkedHashMap<>();
    if (args != null) {
      // only what the user wrote: the runtime owns the defaults
      for (String key : args.positions().keySet()) {
        Object v = args.values().get(key);
        values.put(key, v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue());
      }
    }
    return new Result(name, values);
  }
}
