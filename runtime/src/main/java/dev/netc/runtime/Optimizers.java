package dev.netc.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the optimizer declared in a network ({@link OptimizerSpec}) into a working {@link
 * Optimizer}, and offers short factories for code that builds one by hand.
 *
 * <p>Names and arguments are checked strictly: a misspelt argument silently ignored would train
 * with a default the user did not ask for.
 */
public final class Optimizers {
  private static final Map<String, List<String>> ARGUMENTS =
      Map.of(
          "sgd", List.of("lr", "momentum", "nesterov", "weight_decay"),
          "adam", List.of("lr", "beta1", "beta2", "eps", "weight_decay"));

  private Optimizers() {}

  /** Plain SGD. */
  public static Optimizer sgd(double learningRate) {
    return new Sgd(learningRate);
  }

  /** SGD with (PyTorch-style) momentum. */
  public static Optimizer sgd(double learningRate, double momentum) {
    return new Sgd(learningRate, momentum);
  }

  /** Adam with beta1 0.9, beta2 0.999, eps 1e-8. */
  public static Optimizer adam(double learningRate) {
    return new Adam(learningRate);
  }

  /** The optimizer names {@link #create} understands. */
  public static Set<String> names() {
    return new TreeSet<>(ARGUMENTS.keySet());
  }

  /**
   * Builds the optimizer a spec declares.
   *
   * <ul>
   *   <li>{@code sgd}: {@code lr} (0.01), {@code momentum} (0), {@code nesterov} (0 or 1),
   *       {@code weight_decay} (0)
   *   <li>{@code adam}: {@code lr} (0.001), {@code beta1} (0.9), {@code beta2} (0.999), {@code
   *       eps} (1e-8), {@code weight_decay} (0)
   * </ul>
   *
   * @throws IllegalArgumentException for an unknown name or argument (listing the valid ones) or
   *     an out-of-range value
   */
  public static Optimizer create(OptimizerSpec spec) {
    if (spec == null || spec.name() == null) {
      throw new IllegalArgumentException("no optimizer given; valid: " + String.join(", ", names()));
    }
    String name = spec.name().toLowerCase(Locale.ROOT);
    List<String> valid = ARGUMENTS.get(name);
    if (valid == null) {
      throw new IllegalArgumentException(
          "unknown optimizer '" + spec.name() + "'; valid: " + String.join(", ", names()));
    }
    Map<String, Double> args = spec.args() == null ? Map.of() : spec.args();
    for (Map.Entry<String, Double> e : new java.util.TreeMap<>(args).entrySet()) {
      if (!valid.contains(e.getKey())) {
        throw new IllegalArgumentException(
            "unknown argument '" + e.getKey() + "' for optimizer " + name + "; valid: "
                + String.join(", ", valid));
      }
      if (e.getValue() == null || !Double.isFinite(e.getValue())) {
        throw new IllegalArgumentException(
            "argument '" + e.getKey() + "' of optimizer " + name + " must be a finite number, got "
                + e.getValue());
      }
    }
    OptimizerSpec s = new OptimizerSpec(name, args);
    switch (name) {
      case "sgd":
        double nesterov = s.arg("nesterov", 0);
        if (nesterov != 0 && nesterov != 1) {
          throw new IllegalArgumentException(
              "argument 'nesterov' of optimizer sgd must be 0 or 1, got " + nesterov);
        }
        return new Sgd(
            s.arg("lr", 0.01), s.arg("momentum", 0), nesterov == 1, s.arg("weight_decay", 0));
      case "adam":
        return new Adam(
            s.arg("lr", 0.001),
            s.arg("beta1", 0.9),
            s.arg("beta2", 0.999),
            s.arg("eps", 1e-8),
            s.arg("weight_decay", 0));
      default:
        throw new AssertionError(name);
    }
  }

  static void checkLearningRate(double learningRate) {
    if (!(learningRate >= 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("lr must be a finite number >= 0, got " + learningRate);
    }
  }

  static void checkLengths(float[] params, float[] grads) {
    if (params.length != grads.length) {
      throw new IllegalArgumentException(
          "parameters have " + params.length + " floats but gradients " + grads.length);
    }
  }

  static IllegalStateException sizeChanged(int before, int now) {
    return new IllegalStateException(
        "optimizer state is sized for " + before + " parameters, got " + now
            + "; call reset() before reusing it for another model");
  }
}
