package dev.netc.runtime;

/**
 * SplitMix64: a small, fast generator whose sequence is fixed by its seed on every JVM, which
 * {@code java.util.Random}'s Gaussian and the JDK's newer generators do not promise across
 * versions. Not thread-safe: one per workspace or trainer.
 */
public final class Rng {
  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  /**
   * A generator starting from {@code seed}; the same seed gives the same numbers.
   *
   * @param seed the seed
   */
  public Rng(long seed) {
    this.state = seed;
  }

  /** {@return the generator's state, to restore later with {@link #setState}} */
  public long state() {
    return state;
  }

  /**
   * Restores a state from {@link #state()} (used when resuming training).
   * @param state a value {@link #state()} returned
   */
  public void setState(long state) {
    this.state = state;
    this.hasSpare = false;
  }

  /** {@return the next 64 uniformly distributed bits (SplitMix64)} */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Uniform in [0, 1).
   * @return the next double
   */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * Uniform in [0, 1).
   * @return the next float
   */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /**
   * Uniform in [0, bound).
   * @param bound the exclusive upper bound, at least 1
   * @return the next int
   */
  public int nextInt(int bound) {
    return (int) ((nextLong() >>> 33) * bound >>> 31);
  }

  /**
   * Standard normal by the polar Box-Muller method.
   * @return the next normal value
   */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = nextDouble() * 2 - 1;
      v = nextDouble() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * m;
    hasSpare = true;
    return u * m;
  }

  /**
   * Fisher-Yates shuffle of {@code a}.
   * @param a the array, shuffled in place
   */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
