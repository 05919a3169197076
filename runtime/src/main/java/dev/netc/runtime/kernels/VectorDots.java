package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemm}'s dot-product path: products whose result is narrower than a vector but
 * whose reduction is long, computed as dot products of contiguous rows.
 */
final class VectorDots {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorDots() {}

  /** Reduction block of {@link #dots}: 512 floats of up to 64 rows of B stay in L2. */
  static final int KD = 512;

  /**
   * {@code C[i,j] += dot(A row i, B row j)} for every i, j, rows contiguous over k: one load of
   * A's row serves four rows of B. The reduction runs in blocks of {@link #KD}, so a block of B
   * is reused from cache by every row of A.
   */
  static void dots(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    float[] lanes = Scratch.get(Scratch.PRODUCT, 4 * L);
    for (int k0 = 0; k0 < k; k0 += KD) {
      int kb = Math.min(KD, k - k0);
      for (int i = 0; i < m; i++) {
        int ai = aOff + i * lda + k0;
        int ci = cOff + i * ldc;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
          dots1x4(kb, a, ai, b, bOff + j * ldb + k0, ldb, c, ci + j, lanes);
        }
        for (; j < n; j++) {
          c[ci + j] += dot(kb, a, ai, b, bOff + j * ldb + k0, lanes);
        }
      }
    }
  }

  /**
   * Four dot products of one row of A with four rows of B. The accumulators are summed through
   * {@code lanes}, not {@code reduceLanes}, which JDK 17 ran in its allocating Java fallback here.
   */
  private static void dots1x4(int kb, float[] a, int ai, float[] b, int b0, int ldb, float[] c, int at,
      float[] lanes) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int kk = 0;
    for (; kk + L <= kb; kk += L) {
      FloatVector x = FloatVector.fromArray(S, a, ai + kk);
      s0 = x.fma(FloatVector.fromArray(S, b, b0 + kk), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, b0 + ldb + kk), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, b0 + 2 * ldb + kk), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, b0 + 3 * ldb + kk), s3);
    }
    s0.intoArray(lanes, 0);
    s1.intoArray(lanes, L);
    s2.intoArray(lanes, 2 * L);
    s3.intoArray(lanes, 3 * L);
    float d0 = 0f;
    float d1 = 0f;
    float d2 = 0f;
    float d3 = 0f;
    for (int q = 0; q < L; q++) {
      d0 += lanes[q];
      d1 += lanes[L + q];
      d2 += lanes[2 * L + q];
      d3 += lanes[3 * L + q];
    }
    for (; kk < kb; kk++) {
      float x = a[ai + kk];
      d0 += x * b[b0 + kk];
      d1 += x * b[b0 + ldb + kk];
      d2 += x * b[b0 + 2 * ldb + kk];
      d3 += x * b[b0 + 3 * ldb + kk];
    }
    c[at] += d0;
    c[at + 1] += d1;
    c[at + 2] += d2;
    c[at + 3] += d3;
  }

  /** Dot product of two contiguous rows through {@code lanes} (see {@link #dots1x4}). */
  static float dot(int k, float[] a, int a0, float[] b, int b0, float[] lanes) {
    FloatVector s0 = FloatVector.zero(S);
    int kk = 0;
    for (; kk + L <= k; kk += L) {
      s0 = FloatVector.fromArray(S, a, a0 + kk).fma(FloatVector.fromArray(S, b, b0 + kk), s0);
    }
    s0.intoArray(lanes, 0);
    float s = 0f;
    for (int q = 0; q < L; q++) {
      s += lanes[q];
    }
    for (; kk < k; kk++) {
      s += a[a0 + kk] * b[b0 + kk];
    }
    return s;
  }
}
