package dev.netc.runtime.kernels;

/**
 * {@link VectorGemm}'s products of fewer than four rows (batch-1 prediction) in plain Java, bit for
 * bit: every column of C gets the same multiply-adds in the same order as in {@link VectorRows}
 * (one fused chain in {@code row8}; the reduction's two halves summed in {@code row4},
 * {@code row2} and {@code row1}; four interleaved chains and the scalar rest in {@code tail}).
 * A lane of a vector FMA and {@link Math#fma(float, float, float)} round the same way, so the
 * results are identical.
 *
 * <p>Why it exists: until C2 has compiled the Vector API kernels they run in the interpreter at
 * about a hundredth of their speed, which made the first prediction of a JVM started with {@code
 * --add-modules jdk.incubator.vector} cost more than the rest of its start. {@link Gemm} runs
 * these loops while {@link VectorWarmup} compiles the vector kernels on a background thread,
 * then switches; since both give the same bits, when it switches changes no result.
 */
final class ExactRows {
  private ExactRows() {}

  /**
   * {@code C[m,n] += A · B} for {@code m < 4}, as {@link VectorGemm#gemm} with vectors of
   * {@code lanes} floats computes it.
   */
  static void gemm(int m, int n, int k, int lanes,
      float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if (k <= 0) {
      return;
    }
    float[] acc = Scratch.get(Scratch.PACK, 4 * n);
    for (int i = 0; i < m; i++) {
      row(n, k, lanes, a, aOff + i * ars, acs, b, bOff, ldb, c, cOff + i * ldc, acc);
    }
  }

  /** {@link VectorRows#row}: blocks of 8, 4, 2 and 1 vectors, then the tail. */
  private static void row(int n, int k, int lanes, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, float[] acc) {
    int j = 0;
    for (; j + 8 * lanes <= n; j += 8 * lanes) {
      chain(8 * lanes, k, a, a0, acs, b, b0 + j, ldb, c, c0 + j, acc);
    }
    for (int width = 4; width >= 1; width >>= 1) {
      if (j + width * lanes <= n) {
        halves(width * lanes, k, a, a0, acs, b, b0 + j, ldb, c, c0 + j, acc);
        j += width * lanes;
      }
    }
    if (j < n) {
      tail(n - j, k, lanes, a, a0, acs, b, b0 + j, ldb, c, c0 + j, acc);
    }
  }

  /** {@code row8}: one chain over the whole reduction per column, then added to C. */
  private static void chain(int w, int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, float[] s) {
    java.util.Arrays.fill(s, 0, w, 0f);
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kb; kk++) {
      float x = a[ai];
      for (int q = 0; q < w; q++) {
        s[q] = Math.fma(x, b[bi + q], s[q]);
      }
      ai += acs;
      bi += ldb;
    }
    for (int q = 0; q < w; q++) {
      c[c0 + q] = s[q] + c[c0 + q];
    }
  }

  /**
   * {@code row4}, {@code row2}, {@code row1}: the first half of the reduction in one chain, the
   * second in another, an odd last step on the first; C gets {@code (s + t) + c}.
   */
  private static void halves(int w, int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, float[] acc) {
    java.util.Arrays.fill(acc, 0, 2 * w, 0f);
    int h = kb >> 1;
    int ha = h * acs;
    int hb = h * ldb;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < h; kk++) {
      float x = a[ai];
      float y = a[ai + ha];
      int bj = bi + hb;
      for (int q = 0; q < w; q++) {
        acc[q] = Math.fma(x, b[bi + q], acc[q]);
        acc[w + q] = Math.fma(y, b[bj + q], acc[w + q]);
      }
      ai += acs;
      bi += ldb;
    }
    if ((kb & 1) != 0) {
      float x = a[ai + ha];
      int bj = bi + hb;
      for (int q = 0; q < w; q++) {
        acc[q] = Math.fma(x, b[bj + q], acc[q]);
      }
    }
    for (int q = 0; q < w; q++) {
      c[c0 + q] = (acc[q] + acc[w + q]) + c[c0 + q];
    }
  }

  /**
   * {@code tail} for one row: the reduction rows whose whole-vector load stays inside {@code b}
   * in four interleaved chains summed {@code (s0 + s1) + (s2 + s3)} and added to C, the rest
   * through {@link ScalarGemm}, as there.
   */
  private static void tail(int nt, int kb, int lanes, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, float[] acc) {
    int room = b.length - lanes - b0;
    int kv = room < 0 ? 0 : ldb <= 0 ? kb : (int) Math.min(kb, (long) room / ldb + 1);
    if (kv > 0) {
      java.util.Arrays.fill(acc, 0, 4 * nt, 0f);
      int ai = a0;
      int bi = b0;
      int kk = 0;
      for (; kk + 4 <= kv; kk += 4) {
        for (int r = 0; r < 4; r++) {
          float x = a[ai + r * acs];
          int br = bi + r * ldb;
          for (int q = 0; q < nt; q++) {
            acc[r * nt + q] = Math.fma(x, b[br + q], acc[r * nt + q]);
          }
        }
        ai += 4 * acs;
        bi += 4 * ldb;
      }
      for (; kk < kv; kk++) {
        float x = a[ai];
        for (int q = 0; q < nt; q++) {
          acc[q] = Math.fma(x, b[bi + q], acc[q]);
        }
        ai += acs;
        bi += ldb;
      }
      for (int q = 0; q < nt; q++) {
        c[c0 + q] += (acc[q] + acc[nt + q]) + (acc[2 * nt + q] + acc[3 * nt + q]);
      }
    }
    if (kv < kb) {
      ScalarGemm.gemm(1, nt, kb - kv, a, a0 + kv * acs, 0, acs, b, b0 + kv * ldb, ldb, c, c0, 0);
    }
  }
}
