package dev.netc.codegen.build;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Suggestions;

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

  private static final ArgType FRACTION = new ArgType.FloatType(0, 1, false);

  /** The runtime's optimizers (dev.netc.runtime.optim.Optimizers) with PyTorch's names and defaults. */
  static final Map<String, List<ArgSpec>> SCHEMAS = Map.of(
      "sgd", sgdLike(0.01),
      "gd", sgdLike(0.01),
      "adam", adamLike(0.0),
      "adamw", adamLike(0.01),
      "adagrad", List.of(
          ArgSpec.optional("lr", LR, 0.01, "learning rate"),
          ArgSpec.optional("lr_decay", ArgType.nonNegative(), 0.0, "learning-rate decay per step"),
          ArgSpec.optional("weight_decay", ArgType.nonNegative(), 0.0, "L2 penalty"),
          ArgSpec.optional("initial_accumulator_value", ArgType.nonNegative(), 0.0, "start of the sum of squares"),
          ArgSpec.optional("eps", ArgType.nonNegative(), 1e-10, "added to the denominator")),
      "rmsprop", List.of(
          ArgSpec.optional("lr", LR, 0.01, "learning rate"),
          ArgSpec.optional("alpha", FRACTION, 0.99, "smoothing constant"),
          ArgSpec.optional("eps", ArgType.nonNegative(), 1e-8, "added to the denominator"),
          ArgSpec.optional("weight_decay", ArgType.nonNegative(), 0.0, "L2 penalty"),
          ArgSpec.optional("momentum", UNIT, 0.0, "momentum factor"),
          ArgSpec.optional("centered", ArgType.bool(), false, "normalize by the variance estimate")));

  private static List<ArgSpec> sgdLike(double lr) {
    return List.of(
        ArgSpec.optional("lr", LR, lr, "learning rate"),
        ArgSpec.optional("momentum", UNIT, 0.0, "momentum factor"),
        ArgSpec.optional("dampening", FRACTION, 0.0, "dampening of the momentum"),
        ArgSpec.optional("nesterov", ArgType.bool(), false, "Nesterov momentum"),
        ArgSpec.optional("weight_decay", ArgType.nonNegative(), 0.0, "L2 penalty"));
  }

  private static List<ArgSpec> adamLike(double weightDecay) {
    return List.of(
        ArgSpec.optional("lr", LR, 0.001, "learning rate"),
        ArgSpec.optional("beta1", UNIT, 0.9, "decay of the first moment"),
        ArgSpec.optional("beta2", UNIT, 0.999, "decay of the second moment"),
        ArgSpec.optional("eps", ArgType.nonNegative(), 1e-8, "added to the denominator"),
        ArgSpec.optional("weight_decay", ArgType.nonNegative(), weightDecay,
            weightDecay > 0 ? "decoupled weight decay" : "L2 penalty"));
  }

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
          + Suggestions.didYouMeanOrList(name, new java.util.TreeSet<>(SCHEMAS.keySet())));
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
