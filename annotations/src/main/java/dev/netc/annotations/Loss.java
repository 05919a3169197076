package dev.netc.annotations;

/** The losses of {@link Network#loss()}, by their .net names. */
public enum Loss {
  MSE,
  SOFTMAX_CROSS_ENTROPY,
  BINARY_CROSS_ENTROPY_WITH_LOGITS,
  KL_DIVERGENCE;

  /** The name a .net file uses. */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
