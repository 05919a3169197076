package dev.netc.runtime.train;

/**
 * A metric of {@link History.Epoch} by its Keras name ({@code loss}, {@code acc}, {@code
 * val_loss}, {@code val_acc}, {@code top_k}, {@code val_top_k}) and whether larger is better
 * (accuracies) or smaller (losses).
 */
public enum Monitor {
  /** Training loss. */
  LOSS("loss", false),
  /** Training accuracy. */
  ACC("acc", true),
  /** Validation loss. */
  VAL_LOSS("val_loss", false),
  /** Validation accuracy. */
  VAL_ACC("val_acc", true),
  /** Training top-k accuracy. */
  TOP_K("top_k", true),
  /** Validation top-k accuracy. */
  VAL_TOP_K("val_top_k", true);

  private final String key;
  private final boolean larger;

  Monitor(String key, boolean larger) {
    this.key = key;
    this.larger = larger;
  }

  /**
   * {@return the metric named {@code key}}
   *
   * @param key the metric's name, such as {@code val_loss}
   * @throws IllegalArgumentException for an unknown name (listing the valid ones)
   */
  public static Monitor of(String key) {
    for (Monitor m : values()) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '" + key + "'; valid: loss, acc, val_loss, val_acc, top_k, val_top_k");
  }

  /** {@return the metric's name, such as {@code val_loss}} */
  public String key() {
    return key;
  }

  /**
   * {@return the metric's value in epoch {@code e}}
   *
   * @param e the epoch's metrics
   */
  public double value(History.Epoch e) {
    return switch (this) {
      case LOSS -> e.trainLoss();
      case ACC -> e.trainAccuracy();
      case VAL_LOSS -> e.validationLoss();
      case VAL_ACC -> e.validationAccuracy();
      case TOP_K -> e.trainTopK();
      case VAL_TOP_K -> e.validationTopK();
    };
  }

  /**
   * Whether {@code v} beats {@code best} by more than {@code minDelta}.
   * @param v the new value
   * @param best the best value so far
   * @param minDelta the smallest change that counts
   * @return whether {@code v} is an improvement
   */
  public boolean improves(double v, double best, double minDelta) {
    return larger ? v > best + minDelta : v < best - minDelta;
  }
}
