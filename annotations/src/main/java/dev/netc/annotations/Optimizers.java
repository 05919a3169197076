package dev.netc.annotations;

/** The optimizers of {@link Optimizer}, by their .net names. */
public enum Optimizers {
  /** {@code sgd}: stochastic gradient descent, with optional momentum. */
  SGD,
  /** {@code gd}: plain gradient descent, SGD's arguments. */
  GD,
  /** {@code adam}: Adam. */
  ADAM,
  /** {@code adamw}: Adam with decoupled weight decay (0.01 by default). */
  ADAMW,
  /** {@code adagrad}: AdaGrad. */
  ADAGRAD,
  /** {@code rmsprop}: RMSprop. */
  RMSPROP;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code sgd}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
