package dev.netc.annotations;

/** The losses of {@link Network#loss()}, by their .net names. */
public enum Loss {
  /** {@code mse}: mean squared error. */
  MSE,
  /** {@code l1}: mean absolute error. */
  L1,
  /** {@code huber}: Huber loss with delta 1 (squared error near the target, absolute beyond). */
  HUBER,
  /** {@code softmax_cross_entropy}: cross-entropy of the softmax of logits against class labels. */
  SOFTMAX_CROSS_ENTROPY,
  /** {@code binary_cross_entropy_with_logits}: cross-entropy of the sigmoid of logits. */
  BINARY_CROSS_ENTROPY_WITH_LOGITS,
  /** {@code kl_divergence}: Kullback-Leibler divergence from the target distribution. */
  KL_DIVERGENCE;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code softmax_cross_entropy}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
