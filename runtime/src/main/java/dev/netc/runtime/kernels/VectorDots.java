package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemm}'s dot-product path: products whose result is narrower than a vector but
 * whose reduction is long (a convolution's weight gradient {@code col · ytᵀ}: 25 x 8 results over
 * rows of batch x positions floats), computed as dot products of contiguous rows.
 *
 * <p>The reduction runs in blocks of {@link #KD} floats, and inside a block 4 rows of A meet 4
 * rows of B in 16 vector accumulators (8 loads per 16 multiply-adds; one row of A against four
 * rows of B took 5 loads per 4). The accumulators go to a scratch array of one vector per result
 * between blocks, not through a horizontal sum: summing the lanes after every block of every tile
 * cost about as much as the block's multiply-adds. Their lanes are summed once, at the end, with
 * the last {@code k mod L} products. A block of 4 rows of A and all rows of B stays in L1 while
 * the tiles sweep it.
 */
final class VectorDots {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorDots() {}

  /** Reduction block: 512 floats of 4 rows of A and 8 rows of B are 24 KB, inside L1. */
  static final int KD = 512;

  /**
   * {@code C[i,j] += dot(A row i, B row j)} for every i, j, rows contiguous over k. The order of
   * the sums depends on the shape alone, so the same call always gives the same bits.
   */
  static void dots(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int kv = k - k % L;
    int row = n * L;
    float[] acc = Scratch.get(Scratch.PRODUCT, m * row);
    java.util.Arrays.fill(acc, 0, m * row, 0f);
    for (int k0 = 0; k0 < kv; k0 += KD) {
      int kb = Math.min(KD, kv - k0);
      int i = 0;
      for (; i + 4 <= m; i += 4) {
        int ai = aOff + i * lda + k0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
          block4x4(kb, a, ai, lda, b, bOff + j * ldb + k0, ldb, acc, i * row + j * L, row);
        }
        for (; j < n; j++) {
          for (int r = 0; r < 4; r++) {
            block1x1(kb, a, ai + r * lda, b, bOff + j * ldb + k0, acc, (i + r) * row + j * L);
          }
        }
      }
      for (; i < m; i++) {
        int ai = aOff + i * lda + k0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
          block1x4(kb, a, ai, b, bOff + j * ldb + k0, ldb, acc, i * row + j * L);
        }
        for (; j < n; j++) {
          block1x1(kb, a, ai, b, bOff + j * ldb + k0, acc, i * row + j * L);
        }
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int at = i * row + j * L;
        float s = 0f;
        for (int q = 0; q < L; q++) {
          s += acc[at + q];
        }
        int ai = aOff + i * lda;
        int bj = bOff + j * ldb;
        for (int kk = kv; kk < k; kk++) {
          s += a[ai + kk] * b[bj + kk];
        }
        c[cOff + i * ldc + j] += s;
      }
    }
  }

  /**
   * Four rows of A (from {@code ai}, {@code lda} apart) against four rows of B over {@code kb}
   * floats, a multiple of the lane count, added to the accumulators at {@code at} (row r, column
   * q at {@code at + r * row + q * L}).
   */
  private static void block4x4(int kb, float[] a, int ai, int lda, float[] b, int b0, int ldb,
      float[] acc, int at, int row) {
    int r1 = at + row;
    int r2 = r1 + row;
    int r3 = r2 + row;
    FloatVector s00 = FloatVector.fromArray(S, acc, at);
    FloatVector s01 = FloatVector.fromArray(S, acc, at + L);
    FloatVector s02 = FloatVector.fromArray(S, acc, at + 2 * L);
    FloatVector s03 = FloatVector.fromArray(S, acc, at + 3 * L);
    FloatVector s10 = FloatVector.fromArray(S, acc, r1);
    FloatVector s11 = FloatVector.fromArray(S, acc, r1 + L);
    FloatVector s12 = FloatVector.fromArray(S, acc, r1 + 2 * L);
    FloatVector s13 = FloatVector.fromArray(S, acc, r1 + 3 * L);
    FloatVector s20 = FloatVector.fromArray(S, acc, r2);
    FloatVector s21 = FloatVector.fromArray(S, acc, r2 + L);
    FloatVector s22 = FloatVector.fromArray(S, acc, r2 + 2 * L);
    FloatVector s23 = FloatVector.fromArray(S, acc, r2 + 3 * L);
    FloatVector s30 = FloatVector.fromArray(S, acc, r3);
    FloatVector s31 = FloatVector.fromArray(S, acc, r3 + L);
    FloatVector s32 = FloatVector.fromArray(S, acc, r3 + 2 * L);
    FloatVector s33 = FloatVector.fromArray(S, acc, r3 + 3 * L);
    for (int kk = 0; kk < kb; kk += L) {
      FloatVector y0 = FloatVector.fromArray(S, b, b0 + kk);
      FloatVector y1 = FloatVector.fromArray(S, b, b0 + ldb + kk);
      FloatVector y2 = FloatVector.fromArray(S, b, b0 + 2 * ldb + kk);
      FloatVector y3 = FloatVector.fromArray(S, b, b0 + 3 * ldb + kk);
      FloatVector x = FloatVector.fromArray(S, a, ai + kk);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      s02 = x.fma(y2, s02);
      s03 = x.fma(y3, s03);
      x = FloatVector.fromArray(S, a, ai + lda + kk);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      s12 = x.fma(y2, s12);
      s13 = x.fma(y3, s13);
      x = FloatVector.fromArray(S, a, ai + 2 * lda + kk);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      s22 = x.fma(y2, s22);
      s23 = x.fma(y3, s23);
      x = FloatVector.fromArray(S, a, ai + 3 * lda + kk);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
      s32 = x.fma(y2, s32);
      s33 = x.fma(y3, s33);
    }
    s00.intoArray(acc, at);
    s01.intoArray(acc, at + L);
    s02.intoArray(acc, at + 2 * L);
    s03.intoArray(acc, at + 3 * L);
    s10.intoArray(acc, r1);
    s11.intoArray(acc, r1 + L);
    s12.intoArray(acc, r1 + 2 * L);
    s13.intoArray(acc, r1 + 3 * L);
    s20.intoArray(acc, r2);
    s21.intoArray(acc, r2 + L);
    s22.intoArray(acc, r2 + 2 * L);
    s23.intoArray(acc, r2 + 3 * L);
    s30.intoArray(acc, r3);
    s31.intoArray(acc, r3 + L);
    s32.intoArray(acc, r3 + 2 * L);
    s33.intoArray(acc, r3 + 3 * L);
  }

  /** One row of A against four rows of B ({@link #block4x4}'s remainder rows). */
  private static void block1x4(int kb, float[] a, int ai, float[] b, int b0, int ldb, float[] acc, int at) {
    FloatVector s0 = FloatVector.fromArray(S, acc, at);
    FloatVector s1 = FloatVector.fromArray(S, acc, at + L);
    FloatVector s2 = FloatVector.fromArray(S, acc, at + 2 * L);
    FloatVector s3 = FloatVector.fromArray(S, acc, at + 3 * L);
    for (int kk = 0; kk < kb; kk += L) {
      FloatVector x = FloatVector.fromArray(S, a, ai + kk);
      s0 = x.fma(FloatVector.fromArray(S, b, b0 + kk), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, b0 + ldb + kk), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, b0 + 2 * ldb + kk), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, b0 + 3 * ldb + kk), s3);
    }
    s0.intoArray(acc, at);
    s1.intoArray(acc, at + L);
    s2.intoArray(acc, at + 2 * L);
    s3.intoArray(acc, at + 3 * L);
  }

  /** One row of A against one row of B (remainder columns). */
  private static void block1x1(int kb, float[] a, int ai, float[] b, int b0, float[] acc, int at) {
    FloatVector s0 = FloatVector.fromArray(S, acc, at);
    for (int kk = 0; kk < kb; kk += L) {
      s0 = FloatVector.fromArray(S, a, ai + kk).fma(FloatVector.fromArray(S, b, b0 + kk), s0);
    }
    s0.intoArray(acc, at);
  }
}
