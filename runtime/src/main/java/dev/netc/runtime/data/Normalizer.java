package dev.netc.runtime.data;

/**
 * Per-feature standardization {@code (x - mean) / std}: fit on the training set only (fitting on
 * validation or test data would leak them into training), then apply the same numbers to every
 * set and at inference. Features with zero variance are only centered.
 */
public final class Normalizer {
  private final float[] mean;
  private final float[] invStd;

  private Normalizer(float[] mean, float[] invStd) {
    this.mean = mean;
    this.invStd = invStd;
  }

  /**
   * Mean and standard deviation of every input feature of {@code train} (in double).
   * @param train the training data
   * @return the normalizer
   */
  public static Normalizer fit(Dataset train) {
    int f = train.inputSize();
    int n = train.size();
    double[] sum = new double[f];
    double[] sq = new double[f];
    float[] x = train.inputs();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        double v = x[i * f + j];
        sum[j] += v;
        sq[j] += v * v;
      }
    }
    float[] mean = new float[f];
    float[] inv = new float[f];
    for (int j = 0; j < f; j++) {
      double m = sum[j] / n;
      double var = Math.max(0, sq[j] / n - m * m);
      mean[j] = (float) m;
      inv[j] = var > 1e-12 ? (float) (1 / Math.sqrt(var)) : 1f;
    }
    return new Normalizer(mean, inv);
  }

  /**
   * Normalizes {@code data}'s inputs in place.
   * @param data the dataset whose inputs change
   */
  public void apply(Dataset data) {
    apply(data.inputs(), data.size());
  }

  /**
   * Normalizes {@code n} examples of flat inputs in place (also one example at inference).
   * @param x the inputs, changed in place
   * @param n the number of examples
   */
  public void apply(float[] x, int n) {
    int f = mean.length;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        x[i * f + j] = (x[i * f + j] - mean[j]) * invStd[j];
      }
    }
  }

  /** {@return the mean of each input feature} */
  public float[] mean() {
    return mean.clone();
  }

  /** {@return the standard deviation of each input feature} */
  public float[] std() {
    float[] s = new float[invStd.length];
    for (int j = 0; j < s.length; j++) {
      s[j] = 1 / invStd[j];
    }
    return s;
  }

  /**
   * One-hot encoding of class labels: {@code labels.length * classes} floats.
   * @param labels class labels in {@code [0, classes)}
   * @param classes the number of classes
   * @return the one-hot targets
   */
  public static float[] oneHot(int[] labels, int classes) {
    float[] y = new float[Math.multiplyExact(labels.length, classes)];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, " + classes + ")");
      }
      y[i * classes + labels[i]] = 1f;
    }
    return y;
  }
}
