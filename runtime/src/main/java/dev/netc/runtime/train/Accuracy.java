package dev.netc.runtime.train;

import dev.netc.runtime.ClassTargets;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;

/**
 * Accuracy as the declared loss defines it, so the trainer can report a metric that means
 * something for the network without being told which one:
 *
 * <ul>
 *   <li>softmax cross-entropy, KL divergence: argmax of the output equals argmax of the target
 *       (a target of one float per example, as {@code targets: class_index} declares, is read
 *       as the class index and checked by {@link ClassTargets#index}); for outputs with
 *       several positions ({@code [T, classes]}, e.g. a language model scoring every step) the
 *       fraction of positions right, classes being the last axis;
 *   <li>binary cross-entropy with logits: {@code output > 0} agrees with {@code target > 0.5},
 *       averaged over the outputs of an example (one output: plain binary accuracy);
 *   <li>regression losses: no accuracy.
 * </ul>
 *
 * <p>A network with several outputs is scored on its first output whose loss defines an accuracy
 * ({@link #classifier}), read from its slice of the packed output and of the packed target.
 */
public final class Accuracy {
  private Accuracy() {}

  /**
   * Whether accuracy is defined for this loss.
   * @param loss the loss
   * @return whether accuracy applies
   */
  public static boolean applies(LossKind loss) {
    return loss != null
        && (loss.isClassification() || loss == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS);
  }

  /**
   * The output accuracy (and the confusion matrix) is measured on: the first of {@link
   * Model#outputs()} whose loss defines an accuracy ({@link #applies}).
   * @param model the model
   * @return that output, or null when no output has one
   */
  public static OutputPort classifier(Model model) {
    for (OutputPort p : model.outputs()) {
      if (applies(p.loss())) {
        return p;
      }
    }
    return null;
  }

  /**
   * The class axis of a model's {@link #classifier} output (of its first output when it has no
   * classifier): the last dimension of that output's shape.
   * @param model the model
   * @return the number of classes
   */
  public static int classes(Model model) {
    OutputPort p = classifier(model);
    int[] shape = (p == null ? model.outputs().get(0) : p).shape();
    return shape.length == 0 ? 1 : shape[shape.length - 1];
  }

  /**
   * {@link #sum(LossKind, float[], float[], int, int, int, int)} for one position per example.
   * @param loss the model's loss
   * @param output {@code batch * outputSize} outputs
   * @param target {@code batch * targetSize} targets
   * @param batch the number of examples
   * @param outputSize floats per output example
   * @param targetSize floats per target example
   * @return the sum of the examples' accuracies
   */
  public static double sum(
      LossKind loss, float[] output, float[] target, int batch, int outputSize, int targetSize) {
    return sum(loss, output, target, batch, outputSize, targetSize, outputSize);
  }

  /**
   * The sum over {@code batch} examples of each example's accuracy (0 or 1 for single-label
   * classification; the fraction of positions right when an example has {@code outputSize /
   * classes} positions); divide by the number of examples for the accuracy. Targets are one-hot
   * per position, or one class index per position. Allocates nothing.
   * @param loss the model's loss
   * @param output {@code batch * outputSize} outputs
   * @param target {@code batch * targetSize} targets
   * @param batch the number of examples
   * @param outputSize floats per output example
   * @param targetSize floats per target example
   * @param classes the number of classes (the output's last axis)
   * @return the sum of the examples' accuracies
   */
  public static double sum(LossKind loss, float[] output, float[] target, int batch, int outputSize,
      int targetSize, int classes) {
    return sum(loss, output, outputSize, 0, outputSize, target, targetSize, 0, targetSize, classes, batch);
  }

  /**
   * The sum of the accuracies of {@code batch} examples of {@code model}'s {@link #classifier}
   * output, read from its slice of packed outputs ({@code batch * model.outputSize()} floats, as
   * {@link Model#forward} writes them) and of packed targets. Allocates nothing.
   * @param model the model; it must have a classifier output
   * @param output {@code batch * outputSize()} packed outputs
   * @param target {@code batch * targetSize()} packed targets
   * @param batch the number of examples
   * @return the sum of the examples' accuracies
   * @throws IllegalArgumentException when no output of the model defines an accuracy
   */
  public static double sum(Model model, float[] output, float[] target, int batch) {
    OutputPort p = classifier(model);
    if (p == null) {
      throw new IllegalArgumentException("no output of network " + model.name() + " has a loss that defines"
          + " an accuracy: " + model.outputs());
    }
    return sum(p.loss(), output, model.outputSize(), p.offset(), p.size(), target, model.targetSize(),
        p.targetOffset(), p.targetSize(), classes(model), batch);
  }

  /**
   * The core of every {@code sum}: the slice {@code [outOffset, outOffset + outSize)} of outputs
   * {@code outStride} floats apart against the slice of targets {@code targetStride} apart.
   */
  static double sum(LossKind loss, float[] output, int outStride, int outOffset, int outputSize,
      float[] target, int targetStride, int targetOffset, int targetSize, int classes, int batch) {
    double total = 0;
    if (loss == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS) {
      for (int i = 0; i < batch; i++) {
        int hits = 0;
        for (int j = 0; j < outputSize; j++) {
          if ((output[i * outStride + outOffset + j] > 0) == (target[i * targetStride + targetOffset + j] > 0.5f)) {
            hits++;
          }
        }
        total += (double) hits / outputSize;
      }
      return total;
    }
    int c = classes > 1 && outputSize % classes == 0 ? classes : outputSize;
    int positions = outputSize / c;
    boolean indices = targetSize == positions && c > 1;
    for (int i = 0; i < batch; i++) {
      int hits = 0;
      int out = i * outStride + outOffset;
      int t = i * targetStride + targetOffset;
      for (int p = 0; p < positions; p++) {
        int predicted = argmax(output, out + p * c, c);
        int actual = indices ? ClassTargets.index(target, t + p, positions, c) : argmax(target, t + p * c, c);
        if (predicted == actual) {
          hits++;
        }
      }
      total += positions == 1 ? hits : (double) hits / positions;
    }
    return total;
  }

  /** Index (relative to {@code from}) of the first largest of {@code n} floats. */
  static int argmax(float[] a, int from, int n) {
    int best = 0;
    float max = a[from];
    for (int j = 1; j < n; j++) {
      if (a[from + j] > max) {
        max = a[from + j];
        best = j;
      }
    }
    return best;
  }

  /**
   * The number of the {@code batch} examples whose target class (argmax of the target, or the
   * index when the target is one float) is among the {@code k} largest outputs (ties count for
   * the target). Allocates nothing.
   * @param output {@code batch * outputSize} outputs
   * @param target {@code batch * targetSize} targets
   * @param batch the number of examples
   * @param outputSize floats per output example
   * @param targetSize floats per target example
   * @param k how many of the largest outputs count
   * @return the number of hits
   */
  public static int topK(float[] output, float[] target, int batch, int outputSize, int targetSize, int k) {
    return topK(output, outputSize, 0, outputSize, target, targetSize, 0, targetSize, k, batch);
  }

  /** {@link #topK(float[], float[], int, int, int, int)} on slices of strided examples, as {@link #sum} reads them. */
  static int topK(float[] output, int outStride, int outOffset, int outputSize, float[] target,
      int targetStride, int targetOffset, int targetSize, int k, int batch) {
    int hits = 0;
    for (int i = 0; i < batch; i++) {
      int out = i * outStride + outOffset;
      int t = i * targetStride + targetOffset;
      int actual = targetSize == 1 && outputSize > 1
          ? ClassTargets.index(target, t, 1, outputSize) : argmax(target, t, targetSize);
      float v = output[out + actual];
      int above = 0;
      for (int j = 0; j < outputSize; j++) {
        if (output[out + j] > v) {
          above++;
        }
      }
      if (above < k) {
        hits++;
      }
    }
    return hits;
  }
}
