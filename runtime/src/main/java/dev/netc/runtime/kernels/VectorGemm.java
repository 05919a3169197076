package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernel on {@code jdk.incubator.vector}: C is computed in register tiles of 4 rows by
 * 2 vectors (8 accumulators; 4x32 floats with 512-bit vectors), each tile running the whole
 * reduction block with one broadcast of A per row and one load of B per vector, and touching
 * C once per block. Single rows (batch-1 inference) use 4-vector-wide tiles so that enough
 * independent multiply-add chains hide the FMA latency. Columns left over after the last full
 * vector go through scalar code.
 *
 * <p>No branches inside the tiles: with a data-dependent branch in the loop (skipping zero
 * inputs was tried) C2 boxed the accumulators at the merge point, allocating 300 KB per batch-1
 * prediction. One species only, a static final constant: C2 intrinsifies a vector operation only when it
 * knows the exact vector class, and the type profile of the Vector API's shared methods is
 * per bytecode, not per caller. A second species (a 256-bit tail path, tried) made the profile
 * bimorphic and C2 fell back to the API's scalar Java implementation in the hot tiles (training
 * ran 3x slower). Masked tails are not intrinsified by JDK 17 either.
 *
 * <p>Loaded only when {@link VectorSupport} found the module, so nothing else may reference it.
 */
final class VectorGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Reduction block: 256 rows of a 32-column panel of B are 32 KB, inside L1. */
  static final int KC = 256;

  private VectorGemm() {}

  static int lanes() {
    return L;
  }

  static void gemm(int m, int n, int k,
      float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    for (int k0 = 0; k0 < k; k0 += KC) {
      int kb = Math.min(KC, k - k0);
      int ak = aOff + k0 * acs;
      int bk = bOff + k0 * ldb;
      int j = 0;
      if (m < 4) {
        for (; j + 8 * L <= n; j += 8 * L) {
          for (int i = 0; i < m; i++) {
            row8(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
          }
        }
        for (; j + 4 * L <= n; j += 4 * L) {
          for (int i = 0; i < m; i++) {
            row4(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
          }
        }
      }
      for (; j + 2 * L <= n; j += 2 * L) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          tile4x2(kb, a, ak + i * ars, ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j, ldc);
        }
        for (; i < m; i++) {
          row2(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
        }
      }
      for (; j + L <= n; j += L) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          tile4x1(kb, a, ak + i * ars, ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j, ldc);
        }
        for (; i < m; i++) {
          tile1x1(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
        }
      }
      if (j < n) {
        // the last columns, narrower than a vector: scalar register tiles
        ScalarGemm.gemm(m, n - j, kb, a, ak, ars, acs, b, bk + j, ldb, c, cOff + j, ldc);
      }
    }
  }

  private static void tile4x2(int kb, float[] a, int a0, int ars, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kb; kk++) {
      FloatVector v0 = FloatVector.fromArray(S, b, bi);
      FloatVector v1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = x.fma(v0, c00);
      c01 = x.fma(v1, c01);
      x = FloatVector.broadcast(S, a[ai + ars]);
      c10 = x.fma(v0, c10);
      c11 = x.fma(v1, c11);
      x = FloatVector.broadcast(S, a[ai + 2 * ars]);
      c20 = x.fma(v0, c20);
      c21 = x.fma(v1, c21);
      x = FloatVector.broadcast(S, a[ai + 3 * ars]);
      c30 = x.fma(v0, c30);
      c31 = x.fma(v1, c31);
      ai += acs;
      bi += ldb;
    }
    addInto(c00, c, c0);
    addInto(c01, c, c0 + L);
    addInto(c10, c, c0 + ldc);
    addInto(c11, c, c0 + ldc + L);
    addInto(c20, c, c0 + 2 * ldc);
    addInto(c21, c, c0 + 2 * ldc + L);
    addInto(c30, c, c0 + 3 * ldc);
    addInto(c31, c, c0 + 3 * ldc + L);
  }

  private static void tile4x1(int kb, float[] a, int a0, int ars, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
    FloatVector c0v = FloatVector.zero(S);
    FloatVector c1v = c0v;
    FloatVector c2v = c0v;
    FloatVector c3v = c0v;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kb; kk++) {
      FloatVector v = FloatVector.fromArray(S, b, bi);
      c0v = FloatVector.broadcast(S, a[ai]).fma(v, c0v);
      c1v = FloatVector.broadcast(S, a[ai + ars]).fma(v, c1v);
      c2v = FloatVector.broadcast(S, a[ai + 2 * ars]).fma(v, c2v);
      c3v = FloatVector.broadcast(S, a[ai + 3 * ars]).fma(v, c3v);
      ai += acs;
      bi += ldb;
    }
    addInto(c0v, c, c0);
    addInto(c1v, c, c0 + ldc);
    addInto(c2v, c, c0 + 2 * ldc);
    addInto(c3v, c, c0 + 3 * ldc);
  }

  /** One row of C, 8 vectors wide: eight independent FMA chains, enough to hide the latency. */
  private static void row8(int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector s4 = s0;
    FloatVector s5 = s0;
    FloatVector s6 = s0;
    FloatVector s7 = s0;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kb; kk++) {
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), s3);
      s4 = x.fma(FloatVector.fromArray(S, b, bi + 4 * L), s4);
      s5 = x.fma(FloatVector.fromArray(S, b, bi + 5 * L), s5);
      s6 = x.fma(FloatVector.fromArray(S, b, bi + 6 * L), s6);
      s7 = x.fma(FloatVector.fromArray(S, b, bi + 7 * L), s7);
      ai += acs;
      bi += ldb;
    }
    addInto(s0, c, c0);
    addInto(s1, c, c0 + L);
    addInto(s2, c, c0 + 2 * L);
    addInto(s3, c, c0 + 3 * L);
    addInto(s4, c, c0 + 4 * L);
    addInto(s5, c, c0 + 5 * L);
    addInto(s6, c, c0 + 6 * L);
    addInto(s7, c, c0 + 7 * L);
  }

  private static void row4(int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kb; kk++) {
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), s3);
      ai += acs;
      bi += ldb;
    }
    addInto(s0, c, c0);
    addInto(s1, c, c0 + L);
    addInto(s2, c, c0 + 2 * L);
    addInto(s3, c, c0 + 3 * L);
  }

  private static void row2(int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kb; kk++) {
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
      ai += acs;
      bi += ldb;
    }
    addInto(s0, c, c0);
    addInto(s1, c, c0 + L);
  }

  private static void tile1x1(int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0) {
    FloatVector acc = FloatVector.zero(S);
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kb; kk++) {
      acc = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), acc);
      ai += acs;
      bi += ldb;
    }
    addInto(acc, c, c0);
  }

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

  private static void addInto(FloatVector v, float[] c, int at) {
    v.add(FloatVector.fromArray(S, c, at)).intoArray(c, at);
  }

}
