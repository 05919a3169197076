package dev.netc.annotations;

/**
 * Activations, by their .net names: for {@link Dense#activation()} (where SOFTMAX and
 * LOG_SOFTMAX are not allowed, as in a .net file) and for standalone {@link Activate} layers.
 */
public enum Activation {
  LINEAR,
  SIGMOID,
  TANH,
  RELU,
  LEAKY_RELU,
  ELU,
  GELU,
  SILU,
  SOFTPLUS,
  SOFTMAX,
  LOG_SOFTMAX;

  /** The name a .net file uses. */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
