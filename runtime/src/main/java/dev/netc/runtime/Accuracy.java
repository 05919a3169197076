package dev.netc.runtime;

/**
 * Accuracy as the declared loss defines it, so the trainer can report a metric that means
 * something for the network without being told which one:
 *
 * <ul>
 *   <li>softmax cross-entropy, KL divergence: argmax of the output equals argmax of the target
 *       (a target of one float per example is read as the class index);
 *   <li>binary cross-entropy with logits: {@code output > 0} agrees with {@code target > 0.5},
 *       averaged over the outputs of an example (one output: plain binary accuracy);
 *   <li>regression losses: no accuracy.
 * </ul>
 */
public final class Accuracy {
  private Accuracy() {}

  /** Whether accuracy is defined for this loss. */
  public static boolean applies(LossKind loss) {
    return loss != null
        && (loss.isClassification() || loss == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS);
  }

  /**
   * The sum over {@code batch} examples of each example's accuracy (0 or 1 for single-label
   * classification); divide by the number of examples for the accuracy. Allocates nothing.
   */
  public static double sum(
      LossKind loss, float[] output, float[] target, int batch, int outputSize, int targetSize) {
    double total = 0;
    if (loss == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS) {
      for (int i = 0; i < batch; i++) {
        int hits = 0;
        for (int j = 0; j < outputSize; j++) {
          if ((output[i * outputSize + j] > 0) == (target[i * targetSize + j] > 0.5f)) {
            hits++;
          }
        }
        total += (double) hits / outputSize;
      }
      return total;
    }
    for (int i = 0; i < batch; i++) {
      int predicted = argmax(output, i * outputSize, outputSize);
      int actual =
          targetSize == 1 && outputSize > 1
              ? (int) target[i]
              : argmax(target, i * targetSize, targetSize);
      if (predicted == actual) {
        total++;
      }
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
   */
  public static int topK(float[] output, float[] target, int batch, int outputSize, int targetSize, int k) {
    int hits = 0;
    for (int i = 0; i < batch; i++) {
      int actual = targetSize == 1 && outputSize > 1 ? (int) target[i] : argmax(target, i * targetSize, targetSize);
      float v = output[i * outputSize + actual];
      int above = 0;
      for (int j = 0; j < outputSize; j++) {
        if (output[i * outputSize + j] > v) {
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
