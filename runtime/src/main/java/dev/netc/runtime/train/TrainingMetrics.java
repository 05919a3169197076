package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;

/**
 * The metrics of an epoch: the training loss (the network's total, the weighted sum over its
 * outputs), accuracy and top-k (on its classifier output, {@link Scored}) summed batch by batch from the
 * training-mode forward passes (a listener, so the step stays five calls), then validation in
 * inference mode when the epoch ends. Accuracy and top-k are dropped for the epoch when the model
 * cannot expose its training output.
 */
final class TrainingMetrics implements BatchListener {
  private final Model model;
  private final Workspace ws;
  private final TrainingStep step;
  private final Dataset validation;
  private final int batchSize;
  /** The output accuracy and top-k are measured on, or null when none defines an accuracy. */
  private final Scored scored;
  private final int topK;
  private long start;
  private double lossSum;
  private double correct;
  private double topHits;
  private int seen;
  private boolean haveAccuracy;
  private boolean haveTopK;

  /** {@code topK} 0 for none; {@code validation} null for none. */
  TrainingMetrics(Model model, Workspace ws, TrainingStep step, Dataset validation, int batchSize, int topK) {
    this.model = model;
    this.ws = ws;
    this.step = step;
    this.validation = validation;
    this.batchSize = batchSize;
    this.scored = Scored.of(model);
    this.topK = topK > 0 && scored != null && scored.loss().isClassification() ? topK : 0;
  }

  @Override
  public void onEpochStart(int epoch) {
    start = System.nanoTime();
    lossSum = 0;
    correct = 0;
    topHits = 0;
    seen = 0;
    haveAccuracy = scored != null;
    haveTopK = topK > 0;
  }

  @Override
  public void onBatchEnd(int batch, int count, double batchLoss) {
    if (haveAccuracy || haveTopK) {
      float[] output = model.lastOutput(ws);
      float[] y = step.targets();
      if (output == null) {
        haveAccuracy = false;
        haveTopK = false;
      } else {
        if (haveAccuracy) {
          correct += scored.accuracy(output, y, count);
        }
        if (haveTopK) {
          topHits += scored.topK(output, y, count, topK);
        }
      }
    }
    lossSum += batchLoss * count;
    seen += count;
  }

  /** When the epoch started ({@link System#nanoTime}). */
  long startNanos() {
    return start;
  }

  /** Mean training loss of the epoch so far. */
  double runningLoss() {
    return lossSum / seen;
  }

  /** Training accuracy of the epoch so far, NaN when not measured. */
  double runningAccuracy() {
    return haveAccuracy ? correct / seen : Double.NaN;
  }

  /** Validates (when there is validation data) and returns the epoch's metrics. */
  History.Epoch finish(int epoch) {
    Evaluation val = null;
    double valTop = Double.NaN;
    if (validation != null) {
      float[] x = step.inputs();
      float[] y = step.targets();
      float[] out = step.outputs();
      val = Evaluator.evaluate(model, validation, ws, x, y, out, batchSize);
      if (topK > 0) {
        valTop = Evaluator.topK(model, validation, ws, x, y, out, batchSize, topK);
      }
    }
    return new History.Epoch(
        epoch,
        lossSum / seen,
        haveAccuracy ? correct / seen : Double.NaN,
        val == null ? Double.NaN : val.loss(),
        val == null ? Double.NaN : val.accuracy(),
        (System.nanoTime() - start) / 1e9,
        haveTopK ? topHits / seen : Double.NaN,
        valTop);
  }
}
