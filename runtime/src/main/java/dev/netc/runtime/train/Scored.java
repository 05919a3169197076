package dev.netc.runtime.train;

import dev.netc.runtime.LossKind;
import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;

/**
 * The output a run's accuracy, top-k and confusion matrix are measured on ({@link
 * Accuracy#classifier}), with where its slice lies in the packed outputs and targets: the whole
 * output for a network with one output, its own slice when there are several.
 *
 * @param port the classifier output
 * @param outStride floats per packed output example ({@link Model#outputSize()})
 * @param targetStride floats per packed target example ({@link Model#targetSize()})
 * @param classes the output's class axis ({@link Accuracy#classes})
 */
record Scored(OutputPort port, int outStride, int targetStride, int classes) {

  /** The model's classifier output, or null when no output's loss defines an accuracy. */
  static Scored of(Model model) {
    OutputPort p = Accuracy.classifier(model);
    return p == null ? null : new Scored(p, model.outputSize(), model.targetSize(), Accuracy.classes(model));
  }

  LossKind loss() {
    return port.loss();
  }

  /** The sum of the accuracies of {@code batch} packed examples. Allocates nothing. */
  double accuracy(float[] output, float[] target, int batch) {
    return Accuracy.sum(port.loss(), output, outStride, port.offset(), port.size(), target, targetStride,
        port.targetOffset(), port.targetSize(), classes, batch);
  }

  /** How many of {@code batch} packed examples have their target among the {@code k} largest outputs. */
  int topK(float[] output, float[] target, int batch, int k) {
    return Accuracy.topK(output, outStride, port.offset(), port.size(), target, targetStride,
        port.targetOffset(), port.targetSize(), k, batch);
  }

  /** Counts {@code batch} packed examples in {@code confusion}. */
  void confuse(ConfusionMatrix confusion, float[] output, float[] target, int batch) {
    confusion.addBatch(port.loss(), output, outStride, port.offset(), port.size(), target, targetStride,
        port.targetOffset(), port.targetSize(), batch);
  }
}
