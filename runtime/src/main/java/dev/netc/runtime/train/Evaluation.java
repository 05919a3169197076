package dev.netc.runtime.train;

import java.util.Locale;

/**
 * Loss and accuracy of a model on a dataset in inference mode.
 *
 * @param loss mean loss per example; with several outputs the network's total, each output's
 *     loss times its weight, summed
 * @param accuracy fraction correct, or NaN when the loss defines no accuracy (see {@link
 *     Accuracy}); with several outputs, that of the first classifier output ({@link
 *     Accuracy#classifier})
 * @param count number of examples evaluated
 * @param confusion counts per (actual, predicted) class with per-class precision, recall and F1,
 *     or null when the loss has no single predicted class (regression, multi-label binary
 *     cross-entropy), there are more than {@link ConfusionMatrix#MAX_CLASSES} classes, or the
 *     evaluation ran during training (validation keeps no matrix)
 */
public record Evaluation(double loss, double accuracy, int count, ConfusionMatrix confusion) {

  /**
   * An evaluation without a confusion matrix.
   *
   * @param loss the mean loss
   * @param accuracy the accuracy, NaN when undefined
   * @param count the number of examples
   */
  public Evaluation(double loss, double accuracy, int count) {
    this(loss, accuracy, count, null);
  }

  /** {@code loss 0.3730  accuracy 0.8665  (2000 examples)}; accuracy left out when undefined. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "loss %.4f", loss)
        + (Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, "  accuracy %.4f", accuracy))
        + "  (" + count + " examples)";
  }

  /**
   * {@link #toString()} and, when there is one, the confusion matrix with its per-class table.
   *
   * @return the report
   */
  public String report() {
    return confusion == null ? toString() + "\n" : toString() + "\n" + confusion;
  }
}
