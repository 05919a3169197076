package dev.netc.runtime;

/** The losses netc can generate; the generated class fuses the loss into its backward pass. */
public enum LossKind {
  /** Mean over the batch of the sum over outputs of (y - t)^2 / outputs: PyTorch's MSELoss. */
  MSE,
  /** Mean absolute error over all outputs: PyTorch's L1Loss. */
  L1,
  /** Squared error within delta of the target, absolute beyond: PyTorch's HuberLoss. */
  HUBER,
  /**
   * Softmax then cross-entropy, fused, against a target distribution (one-hot or soft) per row,
   * or, when the network declares {@code targets: class_index}, one float per row holding the
   * class index (then {@code targetSize} is the output size divided by the classes; see {@link
   * ClassTargets}).
   */
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
