package dev.netc.runtime;

/** Parameter initializers. All draw from a seeded {@link Rng}, so a seed fixes the weights. */
public enum Init {
  /** All zeros (biases, batch-norm shifts). */
  ZEROS,
  /** All ones (batch-norm scales). */
  ONES,
  /** Glorot/Xavier uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
  XAVIER_UNIFORM,
  /** Glorot/Xavier normal: N(0, 2 / (fanIn + fanOut)). */
  XAVIER_NORMAL,
  /** He/Kaiming normal for ReLU-family layers: N(0, 2 / fanIn). */
  HE_NORMAL,
  /** He/Kaiming uniform: U(-a, a), a = sqrt(6 / fanIn). */
  HE_UNIFORM,
  /** Orthogonal [fanIn, fanOut] matrix, one orthogonal block per gate: see {@link Orthogonal}. */
  ORTHOGONAL,
  /** N(0, 0.02²) whatever the fans: learned position tables, as in BERT and GPT-2. */
  SMALL_NORMAL;

  /**
   * Fills {@code size} floats of {@code target} from {@code offset}.
   * @param target the buffer
   * @param offset the first index
   * @param size how many floats
   * @param fanIn inputs per output unit
   * @param fanOut outputs per input unit
   * @param rng the seeded generator
   */
  public void fill(float[] target, int offset, int size, int fanIn, int fanOut, Rng rng) {
    switch (this) {
      case ZEROS -> java.util.Arrays.fill(target, offset, offset + size, 0f);
      case ONES -> java.util.Arrays.fill(target, offset, offset + size, 1f);
      case XAVIER_UNIFORM -> uniform(target, offset, size, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
      case XAVIER_NORMAL -> normal(target, offset, size, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
      case HE_NORMAL -> normal(target, offset, size, Math.sqrt(2.0 / fanIn), rng);
      case HE_UNIFORM -> uniform(target, offset, size, Math.sqrt(6.0 / fanIn), rng);
      case ORTHOGONAL -> Orthogonal.fill(target, offset, fanIn, size / fanIn, rng);
      case SMALL_NORMAL -> normal(target, offset, size, 0.02, rng);
    }
  }

  private static void uniform(float[] t, int off, int n, double a, Rng rng) {
    for (int i = 0; i < n; i++) {
      t[off + i] = (float) ((rng.nextDouble() * 2 - 1) * a);
    }
  }

  private static void normal(float[] t, int off, int n, double std, Rng rng) {
    for (int i = 0; i < n; i++) {
      t[off + i] = (float) (rng.nextGaussian() * std);
    }
  }
}
