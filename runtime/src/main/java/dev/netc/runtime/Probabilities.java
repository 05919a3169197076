package dev.netc.runtime;

/**
 * Class probabilities from a network's raw outputs, as its declared loss reads them: softmax over
 * the class axis for softmax cross-entropy (the output is logits), a sigmoid per output for
 * binary cross-entropy with logits, {@code exp} for KL divergence (the output is
 * log-probabilities). Other losses have no probabilities.
 */
final class Probabilities {
  private Probabilities() {}

  /**
   * A new array of probabilities from {@code out}, the first output's slice of it on a network
   * with several outputs ({@link Model#outputs()}); a softmax normalizes over the last axis of
   * that output's shape (each position separately).
   */
  static float[] of(Model model, float[] in, float[] out) {
    OutputPort first = model.outputs().get(0);
    int size = first.size();
    int from = first.offset();
    ModelChecks.requireNoNaN(model, in, out, from, size);
    LossKind loss = first.loss();
    float[] p = new float[size];
    if (loss == LossKind.SOFTMAX_CROSS_ENTROPY) {
      int[] shape = first.shape();
      int classes = shape.length == 0 ? 1 : shape[shape.length - 1];
      for (int at = 0; at < size; at += classes) {
        softmax(out, from + at, p, at, classes);
      }
    } else if (loss == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS) {
      for (int i = 0; i < size; i++) {
        p[i] = (float) (1 / (1 + Math.exp(-(double) out[from + i])));
      }
    } else if (loss == LossKind.KL_DIVERGENCE) {
      for (int i = 0; i < size; i++) {
        p[i] = (float) Math.exp(out[from + i]);
      }
    } else {
      throw new UnsupportedOperationException("model " + model.name() + " declares loss " + loss
          + (model.outputs().size() > 1 ? " on its first output " + first.name() : "")
          + ", whose outputs are not class scores; use predict for its raw outputs");
    }
    return p;
  }

  /**
   * Softmax of {@code n} floats of {@code x} from {@code from} into {@code p} from {@code to},
   * shifted by their maximum so exp cannot overflow.
   */
  private static void softmax(float[] x, int from, float[] p, int to, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = from; i < from + n; i++) {
      max = Math.max(max, x[i]);
    }
    double sum = 0;
    for (int i = from; i < from + n; i++) {
      sum += Math.exp((double) x[i] - max);
    }
    for (int i = 0; i < n; i++) {
      p[to + i] = (float) (Math.exp((double) x[from + i] - max) / sum);
    }
  }
}
