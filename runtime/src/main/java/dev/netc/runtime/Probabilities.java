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
   * A new array of {@code outputSize} probabilities from {@code out}; {@code classes} is the last
   * axis of the output shape, over which a softmax normalizes (each position separately).
   */
  static float[] of(Model model, float[] in, float[] out) {
    int outputSize = model.outputSize();
    ModelChecks.requireNoNaN(model, in, out, outputSize);
    LossKind loss = model.loss();
    float[] p = new float[outputSize];
    if (loss == LossKind.SOFTMAX_CROSS_ENTROPY) {
      int[] shape = model.outputShape();
      int classes = shape.length == 0 ? 1 : shape[shape.length - 1];
      for (int from = 0; from < outputSize; from += classes) {
        softmax(out, p, from, classes);
      }
    } else if (loss == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS) {
      for (int i = 0; i < outputSize; i++) {
        p[i] = (float) (1 / (1 + Math.exp(-(double) out[i])));
      }
    } else if (loss == LossKind.KL_DIVERGENCE) {
      for (int i = 0; i < outputSize; i++) {
        p[i] = (float) Math.exp(out[i]);
      }
    } else {
      throw new UnsupportedOperationException("model " + model.name() + " declares loss " + loss
          + ", whose outputs are not class scores; use predict for its raw outputs");
    }
    return p;
  }

  /** Softmax of {@code n} floats from {@code from}, shifted by their maximum so exp cannot overflow. */
  private static void softmax(float[] x, float[] p, int from, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = from; i < from + n; i++) {
      max = Math.max(max, x[i]);
    }
    double sum = 0;
    for (int i = from; i < from + n; i++) {
      sum += Math.exp((double) x[i] - max);
    }
    for (int i = from; i < from + n; i++) {
      p[i] = (float) (Math.exp((double) x[i] - max) / sum);
    }
  }
}
