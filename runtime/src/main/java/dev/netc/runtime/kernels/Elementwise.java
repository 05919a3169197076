package dev.netc.runtime.kernels;

import dev.netc.runtime.Activations;

/**
 * In-place sigmoid and tanh over a contiguous run of floats: the gate activations of recurrent
 * cells, where one scalar {@code exp} per element (about 10 ns) would cost more than the matrix
 * products around it.
 *
 * <p>Two implementations, as for {@link Gemm}: a SIMD loop on {@code jdk.incubator.vector}, whose
 * lanewise {@code EXP} and {@code TANH} HotSpot compiles to Intel's SVML vector routines (about
 * 1 ns per element), and a scalar loop over {@link Activations#sigmoid} and {@link
 * Activations#tanh}. The SIMD loop is used when the Gemm SIMD kernels are ({@link Gemm#simd()})
 * and the CPU is x86-64: JDK 17 has SVML stubs only there, and elsewhere lanewise math falls back
 * to per-lane Java that is slower than the scalar loop. The two agree to within a few float ulps
 * (the SIMD loop computes in float, the scalar one in double), not bit for bit; within one JVM
 * the same call always gives the same bits.
 */
public final class Elementwise {
  private static final boolean SIMD = Gemm.simd() && x86();

  private Elementwise() {}

  /**
   * Whether the SIMD loops are in use in this JVM.
   * @return whether the Vector API loops run
   */
  public static boolean simd() {
    return SIMD;
  }

  /**
   * {@code a[off .. off+n) = sigmoid(a[off .. off+n))}.
   * @param a the array, changed in place
   * @param off the first index
   * @param n how many floats
   */
  public static void sigmoid(float[] a, int off, int n) {
    if (SIMD) {
      VectorElementwise.sigmoid(a, off, n);
    } else {
      sigmoidScalar(a, off, n);
    }
  }

  /**
   * {@code a[off .. off+n) = tanh(a[off .. off+n))}.
   * @param a the array, changed in place
   * @param off the first index
   * @param n how many floats
   */
  public static void tanh(float[] a, int off, int n) {
    if (SIMD) {
      VectorElementwise.tanh(a, off, n);
    } else {
      tanhScalar(a, off, n);
    }
  }

  /**
   * Whether every float of {@code a} is finite (the trainer's per-step gradient check): sums of
   * {@code v * 0}, which are 0 unless some v is infinite or NaN. Four independent sums, or
   * vectors of them: one running sum was a 4-cycle dependency chain per element, about a fifth
   * of an MLP's training epoch.
   * @param a the values
   * @return whether none is NaN or infinite
   */
  public static boolean allFinite(float[] a) {
    Team team = a.length >= Team.MIN_FLAT ? Team.sharing() : null;
    return team != null ? team.allFinite(a) : allFinite(a, 0, a.length);
  }

  /** {@link #allFinite(float[])} over {@code a[from, to)}, on the calling thread. */
  static boolean allFinite(float[] a, int from, int to) {
    // short arrays stay scalar: a call per step may not get hot enough for C2 to compile the
    // vector loop, and interpreted vector operations allocate
    if (SIMD && to - from >= 4096) {
      return VectorElementwise.allFinite(a, from, to);
    }
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = from;
    for (; i + 4 <= to; i += 4) {
      s0 += a[i] * 0f;
      s1 += a[i + 1] * 0f;
      s2 += a[i + 2] * 0f;
      s3 += a[i + 3] * 0f;
    }
    for (; i < to; i++) {
      s0 += a[i] * 0f;
    }
    return s0 + s1 + s2 + s3 == 0f;
  }

  /**
   * The sum of {@code a[off, off + n)} (a convolution's bias gradient sums a filter's gradient
   * over every example's positions). Independent partial sums, as in {@link #allFinite}: one
   * running sum is a 4-cycle dependency per element, and javac's order may not be changed by C2.
   * @param a the values
   * @param off the first index
   * @param n how many floats
   * @return the sum
   */
  public static float sum(float[] a, int off, int n) {
    if (SIMD && n >= 256) {
      return VectorElementwise.sum(a, off, n);
    }
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = off;
    int end = off + n;
    for (; i + 4 <= end; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) {
      s0 += a[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Sets every float of {@code a} to 0 (a training step's gradient buffer). With a {@link Team}
   * each thread clears the slice it will accumulate into, so the lines stay in its cache.
   * @param a the array to clear
   */
  public static void clear(float[] a) {
    Team team = a.length >= Team.MIN_FLAT ? Team.sharing() : null;
    if (team != null) {
      team.clear(a);
    } else {
      java.util.Arrays.fill(a, 0f);
    }
  }

  static void sigmoidScalar(float[] a, int off, int n) {
    for (int i = off; i < off + n; i++) {
      a[i] = Activations.sigmoid(a[i]);
    }
  }

  static void tanhScalar(float[] a, int off, int n) {
    for (int i = off; i < off + n; i++) {
      a[i] = Activations.tanh(a[i]);
    }
  }

  private static boolean x86() {
    String arch = System.getProperty("os.arch", "");
    return arch.equals("amd64") || arch.equals("x86_64");
  }
}
