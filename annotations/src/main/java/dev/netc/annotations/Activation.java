package dev.netc.annotations;

/**
 * Activations, by their .net names: for {@link Dense#activation()} (where SOFTMAX and
 * LOG_SOFTMAX are not allowed, as in a .net file) and for standalone {@link Activate} layers.
 */
public enum Activation {
  /** {@code linear}: the identity (no activation). */
  LINEAR,
  /** {@code sigmoid}: 1 / (1 + e^-x). */
  SIGMOID,
  /** {@code tanh}: the hyperbolic tangent. */
  TANH,
  /** {@code relu}: max(0, x). */
  RELU,
  /** {@code leaky_relu}: x, or alpha * x below zero. */
  LEAKY_RELU,
  /** {@code elu}: x, or alpha * (e^x - 1) below zero. */
  ELU,
  /** {@code gelu}: the Gaussian error linear unit. */
  GELU,
  /** {@code silu}: x * sigmoid(x). */
  SILU,
  /** {@code softplus}: log(1 + e^x). */
  SOFTPLUS,
  /** {@code softmax} over the last axis (standalone layers only). */
  SOFTMAX,
  /** {@code log_softmax} over the last axis (standalone layers only). */
  LOG_SOFTMAX;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code leaky_relu}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
