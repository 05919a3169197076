package dev.netc.runtime.train;

/**
 * A metric of {@link History.Epoch} by its Keras name ({@code loss}, {@code acc}, {@code
 * val_loss}, {@code val_acc}, {@code top_k}, {@code val_top_k}) and whether larger is better
 * (accuracies) or smaller (losses).
 */
public enum Monitor {
  LOSS("loss", false),
  ACC("acc", true),
  VAL_LOSS("val_loss", false),
  VAL_ACC("val_acc", true),
  TOP_K("top_k", true),
  VAL_TOP_K("val_top_k", true);

  private final String key;
  private final boolean larger;

  Monitor(String key, boolean larger) {
    this.key = key;
    this.larger = larger;
  }

  public static Monitor of(String key) {
    for (Monitor m : values()) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '" + key + "'; valid: loss, acc, val_loss, val_acc, top_k, val_top_k");
  }

  public String key() {
    return key;
  }

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

  /** Whether {@code v} beats {@code best} by more than {@code minDelta}. */
  public boolean improves(double v, double best, double minDelta) {
    return larger ? v > best + minDelta : v < best - minDelta;
  }
}
