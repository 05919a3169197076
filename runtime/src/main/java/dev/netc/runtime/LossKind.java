package dev.netc.runtime;

/** The losses netc can generate; the generated class fuses the loss into its backward pass. */
public enum LossKind {
  /** Mean over the batch of the sum over outputs of (y - t)^2 / outputs: PyTorch's MSELoss. */
  MSE,
  /** Softmax then cross-entropy against a target distribution (one-hot or soft), fused. */
  SOFTMAX_CROSS_ENTROPY,
  /** Sigmoid then binary cross-entropy against targets in [0, 1], fused and stable. */
  BINARY_CROSS_ENTROPY_WITH_LOGITS,
  /** KL(target || exp(output)); the output is log-probabilities (e.g. from log_softmax). */
  KL_DIVERGENCE;

  /**
   * Whether accuracy means "argmax of the output equals argmax of the target".
   * @return whether the loss is a classification loss
   */
  public boolean isClassification() {
    return this == SOFTMAX_CROSS_ENTROPY || this == KL_DIVERGENCE;
  }
}
