package dev.netc.runtime.train;

import dev.netc.runtime.LossKind;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;

/** Loss, accuracy and top-k of a model on a dataset in inference mode, in caller-owned buffers. */
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
    LossKind loss = model.loss();
    boolean accuracy = Accuracy.applies(loss);
    int classes = Accuracy.classes(model);
    double lossSum = 0;
    double correct = 0;
    for (int from = 0; from < n; from += batchSize) {
      int count = Math.min(batchSize, n - from);
      data.copyRange(from, count, x, y);
      lossSum += model.computeLoss(ws, x, y, count) * count;
      if (accuracy) {
        float[] output = model.lastOutput(ws);
        if (output == null) {
          model.forward(ws, x, out, count, false);
          output = out;
        }
        correct += Accuracy.sum(loss, output, y, count, model.outputSize(), model.targetSize(), classes);
        if (confusion != null) {
          confusion.addBatch(loss, output, y, count, model.outputSize(), model.targetSize());
        }
      }
    }
    return new Evaluation(lossSum / n, accuracy ? correct / n : Double.NaN, n, confusion);
  }

  /** The fraction of {@code data} whose target is among the {@code k} largest outputs. */
  static double topK(Model model, Dataset data, Workspace ws, float[] x, float[] y, float[] out, int batchSize, int k) {
    int n = data.size();
    double hits = 0;
    for (int from = 0; from < n; from += batchSize) {
      int count = Math.min(batchSize, n - from);
      data.copyRange(from, count, x, y);
      model.forward(ws, x, out, count, false);
      hits += Accuracy.topK(out, y, count, model.outputSize(), model.targetSize(), k);
    }
    return hits / n;
  }
}
