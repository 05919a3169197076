package dev.netc.runtime.optim;

import dev.netc.runtime.OptimizerSpec;
import dev.netc.runtime.train.LbfgsTrainer;
import dev.netc.runtime.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the optimizer declared in a network ({@link OptimizerSpec}) into a working {@link
 * Optimizer}, and offers short factories for code that builds one by hand. Names, arguments and
 * defaults are PyTorch's ({@code torch.optim}), so recipes carry over.
 *
 * <p>Names and arguments are checked strictly: a misspelt argument silently ignored would train
 * with a default the user did not ask for. Boolean flags ({@code nesterov}, {@code centered}) are
 * 0 or 1.
 */
public final class Optimizers {
  private static final Map<String, List<String>> ARGUMENTS = new LinkedHashMap<>();

  static {
    ARGUMENTS.put("adagrad", List.of("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"));
    ARGUMENTS.put("adam", List.of("lr", "beta1", "beta2", "eps", "weight_decay"));
    ARGUMENTS.put("adamw", List.of("lr", "beta1", "beta2", "eps", "weight_decay"));
    ARGUMENTS.put("gd", List.of("lr", "momentum", "dampening", "nesterov", "weight_decay"));
    ARGUMENTS.put("lbfgs", List.of("lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size"));
    ARGUMENTS.put("rmsprop", List.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered"));
    ARGUMENTS.put("sgd", List.of("lr", "momentum", "dampening", "nesterov", "weight_decay"));
  }

  private Optimizers() {}

  /**
   * Plain SGD.
   * @param learningRate the learning rate
   * @return the optimizer
   */
  public static Optimizer sgd(double learningRate) {
    return new Sgd(learningRate);
  }

  /**
   * SGD with (PyTorch-style) momentum.
   * @param learningRate the learning rate
   * @param momentum the momentum factor
   * @return the optimizer
   */
  public static Optimizer sgd(double learningRate, double momentum) {
    return new Sgd(learningRate, momentum);
  }

  /**
   * Gradient descent: plain {@link Sgd}; it becomes full-batch GD when the trainer uses the whole
   * dataset as one batch ({@code TrainerBuilder.fullBatch()}).
   * @param learningRate the learning rate
   * @return the optimizer
   */
  public static Optimizer gd(double learningRate) {
    return new Sgd(learningRate);
  }

  /**
   * Adam with beta1 0.9, beta2 0.999, eps 1e-8.
   * @param learningRate the learning rate
   * @return the optimizer
   */
  public static Optimizer adam(double learningRate) {
    return new Adam(learningRate);
  }

  /**
   * AdamW (decoupled weight decay) with beta1 0.9, beta2 0.999, eps 1e-8.
   * @param learningRate the learning rate
   * @param weightDecay the decoupled weight decay
   * @return the optimizer
   */
  public static Optimizer adamW(double learningRate, double weightDecay) {
    return Adam.adamW(learningRate, weightDecay);
  }

  /**
   * AdaGrad with PyTorch's defaults apart from the learning rate.
   * @param learningRate the learning rate
   * @return the optimizer
   */
  public static Optimizer adaGrad(double learningRate) {
    return new AdaGrad(learningRate);
  }

  /**
   * RMSProp with PyTorch's defaults apart from the learning rate.
   * @param learningRate the learning rate
   * @return the optimizer
   */
  public static Optimizer rmsProp(double learningRate) {
    return new RmsProp(learningRate);
  }

  /**
   * The optimizer names {@link #create} understands.
   * @return the names
   */
  public static Set<String> names() {
    return new TreeSet<>(ARGUMENTS.keySet());
  }

  /**
   * Builds the optimizer a spec declares, with PyTorch's defaults:
   *
   * <ul>
   *   <li>{@code sgd}, {@code gd}: lr 0.01, momentum 0, dampening 0, nesterov 0, weight_decay 0
   *   <li>{@code adam}: lr 0.001, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0
   *   <li>{@code adamw}: as adam but weight_decay 0.01 (decoupled)
   *   <li>{@code adagrad}: lr 0.01, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps
   *       1e-10
   *   <li>{@code rmsprop}: lr 0.01, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered 0
   *   <li>{@code lbfgs}: lr 1, max_iter 20, max_eval max_iter*5/4, tolerance_grad 1e-7,
   *       tolerance_change 1e-9, history_size 100 ({@link Lbfgs}; train it with {@link
   *       LbfgsTrainer}, since it needs repeated loss evaluations)
   * </ul>
   *
   * @throws IllegalArgumentException for an unknown name or argument (listing the valid ones) or
   *     an out-of-range value
   * @param spec the name and arguments
   * @return the optimizer
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
      case "gd":
        return new Sgd(s.arg("lr", 0.01), s.arg("momentum", 0), s.arg("dampening", 0),
            flag(s, name, "nesterov"), s.arg("weight_decay", 0));
      case "adam":
      case "adamw":
        return new Adam(s.arg("lr", 0.001), s.arg("beta1", 0.9), s.arg("beta2", 0.999),
            s.arg("eps", 1e-8), s.arg("weight_decay", name.equals("adamw") ? 0.01 : 0),
            name.equals("adamw"));
      case "adagrad":
        return new AdaGrad(s.arg("lr", 0.01), s.arg("lr_decay", 0), s.arg("weight_decay", 0),
            s.arg("initial_accumulator_value", 0), s.arg("eps", 1e-10));
      case "rmsprop":
        return new RmsProp(s.arg("lr", 0.01), s.arg("alpha", 0.99), s.arg("eps", 1e-8),
            s.arg("weight_decay", 0), s.arg("momentum", 0), flag(s, name, "centered"));
      case "lbfgs":
        int maxIter = (int) s.arg("max_iter", 20);
        return new Lbfgs(s.arg("lr", 1), maxIter, (int) s.arg("max_eval", maxIter * 5 / 4),
            s.arg("tolerance_grad", 1e-7), s.arg("tolerance_change", 1e-9),
            (int) s.arg("history_size", 100));
      default:
        throw new AssertionError(name);
    }
  }

  private static boolean flag(OptimizerSpec s, String name, String key) {
    double v = s.arg(key, 0);
    if (v != 0 && v != 1) {
      throw new IllegalArgumentException(
          "argument '" + key + "' of optimizer " + name + " must be 0 or 1, got " + v);
    }
    return v == 1;
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
