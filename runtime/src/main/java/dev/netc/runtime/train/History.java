package dev.netc.runtime.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The metrics of a {@link Trainer#fit} run, one entry per finished epoch. */
public final class History {

  /**
   * Metrics of one epoch; NaN where a metric does not apply (no validation data, a loss without
   * accuracy, a model that cannot expose its training output). For a network with several outputs
   * the losses are its total (each output's loss times its weight, summed) and the accuracies are
   * its first classifier output's ({@link Accuracy#classifier}).
   *
   * @param epoch 1-based epoch number
   * @param trainLoss mean training loss over the epoch's mini-batches, weighted by batch size
   * @param trainAccuracy training accuracy from the training-mode forward passes
   * @param validationLoss validation loss in inference mode after the epoch
   * @param validationAccuracy validation accuracy in inference mode after the epoch
   * @param seconds wall time of the epoch including validation
   * @param trainTopK training top-k accuracy (NaN unless the trainer was asked for top-k)
   * @param validationTopK validation top-k accuracy (NaN unless asked)
   */
  public record Epoch(
      int epoch,
      double trainLoss,
      double trainAccuracy,
      double validationLoss,
      double validationAccuracy,
      double seconds,
      double trainTopK,
      double validationTopK) {

    /**
     * An epoch without top-k metrics.
     * @param epoch 1-based epoch
     * @param trainLoss training loss
     * @param trainAccuracy training accuracy
     * @param validationLoss validation loss
     * @param validationAccuracy validation accuracy
     * @param seconds wall time of the epoch including validation
     */
    public Epoch(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy, double seconds) {
      this(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, seconds, Double.NaN, Double.NaN);
    }
  }

  private final List<Epoch> epochs = new ArrayList<>();

  void add(Epoch e) {
    epochs.add(e);
  }

  /**
   * The epochs in order (unmodifiable).
   * @return the epochs
   */
  public List<Epoch> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** {@return the number of finished epochs} */
  public int size() {
    return epochs.size();
  }

  /**
   * The last finished epoch.
   * @return the last epoch
   */
  public Epoch last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch has finished");
    }
    return epochs.get(epochs.size() - 1);
  }

  /**
   * The history as CSV with a header line; empty fields for NaN. Top-k columns ({@code top_k,
   * val_top_k}) are appended only when some epoch has them.
   * @return the CSV text
   */
  public String toCsv() {
    boolean topK = epochs.stream().anyMatch(e -> !Double.isNaN(e.trainTopK()) || !Double.isNaN(e.validationTopK()));
    StringBuilder s = new StringBuilder("epoch,loss,acc,val_loss,val_acc,seconds" + (topK ? ",top_k,val_top_k" : "") + "\n");
    for (Epoch e : epochs) {
      s.append(e.epoch())
          .append(',')
          .append(csv(e.trainLoss()))
          .append(',')
          .append(csv(e.trainAccuracy()))
          .append(',')
          .append(csv(e.validationLoss()))
          .append(',')
          .append(csv(e.validationAccuracy()))
          .append(',')
          .append(String.format(Locale.ROOT, "%.3f", e.seconds()));
      if (topK) {
        s.append(',').append(csv(e.trainTopK())).append(',').append(csv(e.validationTopK()));
      }
      s.append('\n');
    }
    return s.toString();
  }

  /**
   * A standalone SVG (valid XML) with two panels, loss and accuracy per epoch, training and
   * validation curves, axes with tick labels and a legend; open it in a browser. Series that are
   * all NaN are left out (the accuracy panel too when no accuracy exists).
   * @return the SVG document
   */
  public String toSvg() {
    return HistoryPlot.svg(this);
  }

  private static String csv(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  @Override
  public String toString() {
    return toCsv();
  }
}
