package dev.netc.annotations;

/** The optimizers of {@link Optimizer}, by their .net names. */
public enum Optimizers {
  /** {@code sgd}: stochastic gradient descent, with optional momentum. */
  SGD,
  /** {@code adam}: Adam. */
  ADAM;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code sgd}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
