package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;

/**
 * Loss, accuracy and top-k of a model on a dataset in inference mode, in caller-owned buffers; the
 * loss is the network's total (the weighted sum over its outputs), accuracy and top-k are measured
 * on its classifier output ({@link Scored}).
 */
final class Evaluator {
  private Evaluator() {}

  /** Loss and accuracy over {@code data} in batches of at most {@code batchSize}. */
  static Evaluation evaluate(
      Model model, Dataset data, Workspace ws, float[] x, float[] y, float[] out, int batchSize) {
    return evaluate(model, data, ws, x, y, out, batchSize, null);
  }

  /** {@link #evaluate} that also counts every prediction in {@code confusion} unless it is null. */
  static Evaluation evaluate(Model model, Dataset data, Workspace ws, float[] x, float[] y, float[] out,
      int batchSize, ConfusionMatrix confusion) {
    int n = data.size();
    Scored scored = Scored.of(model);
    double lossSum = 0;
    double correct = 0;
    for (int from = 0; from < n; from += batchSize) {
      int count = Math.min(batchSize, n - from);
      data.copyRange(from, count, x, y);
      lossSum += model.computeLoss(ws, x, y, count) * count;
      if (scored != null) {
        float[] output = model.lastOutput(ws);
        if (output == null) {
          model.forward(ws, x, out, count, false);
          output = out;
        }
        correct += scored.accuracy(output, y, count);
        if (confusion != null) {
          scored.confuse(confusion, output, y, count);
        }
      }
    }
    return new Evaluation(lossSum / n, scored != null ? correct / n : Double.NaN, n, confusion);
  }

  /** The fraction of {@code data} whose target is among the {@code k} largest outputs. */
  static double topK(Model model, Dataset data, Workspace ws, float[] x, float[] y, float[] out, int batchSize, int k) {
    int n = data.size();
    Scored scored = Scored.of(model);
    double hits = 0;
    for (int from = 0; from < n; from += batchSize) {
      int count = Math.min(batchSize, n - from);
      data.copyRange(from, count, x, y);
      model.forward(ws, x, out, count, false);
      hits += scored.topK(out, y, count, k);
    }
    return hits / n;
  }
}
