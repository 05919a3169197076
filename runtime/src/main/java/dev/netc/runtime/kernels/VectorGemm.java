package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernel on {@code jdk.incubator.vector}: C is computed in register tiles, each tile
 * running the whole reduction block with one broadcast of A per row and one load of B per
 * vector, and touching C once per block. Large products (at least {@link #TALL_ROWS} x {@link
 * #TALL_COLUMNS}: batch-256 inference, weight gradients) use tiles of 6 rows by 2 vectors (12
 * accumulators; 6x32 floats with 512-bit vectors) over panels of B packed into consecutive
 * memory (see {@link #PACK_ROWS}); smaller ones keep 4x2 tiles reading B in place ({@link
 * #gemm4}). 8x2 tiles (16 accumulators) and 4x4 tiles were tried and ran slower than 6x2 on
 * every training and inference shape. Single rows (batch-1 inference) use rows 8 vectors wide
 * ({@link VectorRows}): the product then streams B from L2 at about 85% of the speed of a plain
 * sum over it (~160 GB/s here, 2.5 us for 784x128). Columns left over after the last full vector
 * load whole vectors of B's rows anyway and drop the extra lanes ({@link VectorRows#tail});
 * results narrower than a vector over long reductions are dot products ({@link VectorDots}).
 *
 * <p>No branches inside the tiles: with a data-dependent branch in the loop (skipping zero
 * inputs was tried) C2 boxed the accumulators at the merge point, allocating 300 KB per batch-1
 * prediction. One species only, a static final constant: C2 intrinsifies a vector operation only when it
 * knows the exact vector class, and the type profile of the Vector API's shared methods is
 * per bytecode, not per caller. A second species (a 256-bit tail path, tried) made the profile
 * bimorphic and C2 fell back to the API's scalar Java implementation in the hot tiles (training
 * ran 3x slower). Masked tails are not intrinsified by JDK 17 either. No helper method takes or
 * returns a vector: the tiles add their accumulators to C written out, because a helper that C2
 * did not inline (its inlining budget depends on what was compiled first, which a loaded machine
 * reorders) boxed its vector argument, 288 bytes per 31x247x40 product (GemmTest).
 *
 * <p>Loaded only when {@link VectorSupport} found the module, so nothing else may reference it.
 */
final class VectorGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /**
   * Reduction block, at most: 256 rows of a 32-column panel of B are 32 KB, inside L1. The
   * blocks of one product are of equal length (784 = 4 x 196, not 3 x 256 + 16).
   */
  static final int KC = 256;
  /**
   * Rows of C from which the panels of B are packed: a panel read in place from B's rows, 512
   * bytes apart for 128 columns, falls on few L1 sets and is evicted before the next tile reads
   * it; packed it stays in L1 for all the tiles down the rows (256x128x784: 110 -> 155
   * GFLOP/s). Fewer rows reuse a panel too few times to pay for the copy.
   */
  static final int PACK_ROWS = 12;
  /** The 6x2 packed path runs from this many rows of C (batch-256 inference: 256)... */
  static final int TALL_ROWS = 64;
  /** ...and this many columns (four panels of B). */
  static final int TALL_COLUMNS = 8 * L;

  private VectorGemm() {}

  static int lanes() {
    return L;
  }

  static void gemm(int m, int n, int k,
      float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if (k <= 0) {
      return;
    }
    if (m < 4) {
      float[] lanes = n % L != 0 ? Scratch.get(Scratch.PACK, 8 * L) : null;
      for (int i = 0; i < m; i++) {
        VectorRows.row(n, k, a, aOff + i * ars, acs, b, bOff, ldb, c, cOff + i * ldc, lanes);
      }
      return;
    }
    if (m < TALL_ROWS || n < TALL_COLUMNS) {
      gemm4(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
      return;
    }
    int blocks = (k + KC - 1) / KC;
    int kc = (k + blocks - 1) / blocks;
    boolean pack = m >= PACK_ROWS && n >= 2 * L;
    int lanesAt = pack ? kc * 2 * L : 0;
    float[] p = pack || n % L != 0 ? Scratch.get(Scratch.PACK, lanesAt + 8 * L) : null;
    for (int k0 = 0; k0 < k; k0 += kc) {
      int kb = Math.min(kc, k - k0);
      int ak = aOff + k0 * acs;
      int bk = bOff + k0 * ldb;
      int j = 0;
      for (; j + 2 * L <= n; j += 2 * L) {
        if (pack) {
          pack2(kb, b, bk + j, ldb, p);
          panel2(m, kb, a, ak, ars, acs, p, 0, 2 * L, c, cOff + j, ldc);
        } else {
          panel2(m, kb, a, ak, ars, acs, b, bk + j, ldb, c, cOff + j, ldc);
        }
      }
      for (; j + L <= n; j += L) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          tile4x1(kb, a, ak + i * ars, ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j, ldc);
        }
        for (; i < m; i++) {
          VectorRows.row1(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
        }
      }
      if (j < n) {
        VectorRows.tail(m, n - j, kb, a, ak, ars, acs, b, bk + j, ldb, c, cOff + j, ldc, p, lanesAt);
      }
    }
  }

  /**
   * The previous scheme, for products below {@link #TALL_ROWS} x {@link #TALL_COLUMNS}: 4x2
   * tiles reading B in place, blocks of {@link #KC}. On batch-32 training shapes (32x128x784,
   * and 784x32x128 in a dense layer's input gradient) the 6x2 packed path measured 20-25% slower
   * under JMH, although a standalone loop measured it faster: not understood, so not used there.
   */
  private static void gemm4(int m, int n, int k,
      float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    float[] lanes = n % L != 0 ? Scratch.get(Scratch.PACK, 8 * L) : null;
    for (int k0 = 0; k0 < k; k0 += KC) {
      int kb = Math.min(KC, k - k0);
      int ak = aOff + k0 * acs;
      int bk = bOff + k0 * ldb;
      int j = 0;
      for (; j + 2 * L <= n; j += 2 * L) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          tile4x2(kb, a, ak + i * ars, ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j, ldc);
        }
        for (; i < m; i++) {
          VectorRows.row2(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
        }
      }
      for (; j + L <= n; j += L) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          tile4x1(kb, a, ak + i * ars, ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j, ldc);
        }
        for (; i < m; i++) {
          VectorRows.row1(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
        }
      }
      if (j < n) {
        VectorRows.tail(m, n - j, kb, a, ak, ars, acs, b, bk + j, ldb, c, cOff + j, ldc, lanes, 0);
      }
    }
  }

  /** Copies a panel of B, {@code kb} rows of two vectors, into consecutive memory. */
  private static void pack2(int kb, float[] b, int b0, int ldb, float[] p) {
    int bi = b0;
    int pi = 0;
    for (int kk = 0; kk < kb; kk++) {
      FloatVector.fromArray(S, b, bi).intoArray(p, pi);
      FloatVector.fromArray(S, b, bi + L).intoArray(p, pi + L);
      bi += ldb;
      pi += 2 * L;
    }
  }

  /** All m rows of C against one panel of B two vectors wide. */
  private static void panel2(int m, int kb, float[] a, int a0, int ars, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
    int i = 0;
    // 6-row tiles; 8 rows left go as 4 + 4 rather than 6 + 2
    for (; m - i >= 6 && m - i != 8; i += 6) {
      tile6x2(kb, a, a0 + i * ars, ars, acs, b, b0, ldb, c, c0 + i * ldc, ldc);
    }
    for (; m - i >= 4; i += 4) {
      tile4x2(kb, a, a0 + i * ars, ars, acs, b, b0, ldb, c, c0 + i * ldc, ldc);
    }
    if (m - i >= 2) {
      tile2x2(kb, a, a0 + i * ars, ars, acs, b, b0, ldb, c, c0 + i * ldc, ldc);
      i += 2;
    }
    if (i < m) {
      VectorRows.row2(kb, a, a0 + i * ars, acs, b, b0, ldb, c, c0 + i * ldc);
    }
  }

  /**
   * A 6x2 tile. The accumulators start from C and go back with a plain store: adding them to C
   * at the end took 12 more vector operations, past C2's node budget for inlining into one
   * compilation (NodeCountInliningCutoff), and the last, not inlined, boxed its argument.
   */
  private static void tile6x2(int kb, float[] a, int a0, int ars, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector c10 = FloatVector.fromArray(S, c, c0 + ldc);
    FloatVector c11 = FloatVector.fromArray(S, c, c0 + ldc + L);
    FloatVector c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc);
    FloatVector c21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + L);
    FloatVector c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc);
    FloatVector c31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + L);
    FloatVector c40 = FloatVector.fromArray(S, c, c0 + 4 * ldc);
    FloatVector c41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + L);
    FloatVector c50 = FloatVector.fromArray(S, c, c0 + 5 * ldc);
    FloatVector c51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + L);
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
      x = FloatVector.broadcast(S, a[ai + 4 * ars]);
      c40 = x.fma(v0, c40);
      c41 = x.fma(v1, c41);
      x = FloatVector.broadcast(S, a[ai + 5 * ars]);
      c50 = x.fma(v0, c50);
      c51 = x.fma(v1, c51);
      ai += acs;
      bi += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + L);
    c40.intoArray(c, c0 + 4 * ldc);
    c41.intoArray(c, c0 + 4 * ldc + L);
    c50.intoArray(c, c0 + 5 * ldc);
    c51.intoArray(c, c0 + 5 * ldc + L);
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
    c00.add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
    c01.add(FloatVector.fromArray(S, c, c0 + L)).intoArray(c, c0 + L);
    c10.add(FloatVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
    c11.add(FloatVector.fromArray(S, c, c0 + ldc + L)).intoArray(c, c0 + ldc + L);
    c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
    c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)).intoArray(c, c0 + 2 * ldc + L);
    c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
    c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)).intoArray(c, c0 + 3 * ldc + L);
  }

  private static void tile2x2(int kb, float[] a, int a0, int ars, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector c10 = FloatVector.fromArray(S, c, c0 + ldc);
    FloatVector c11 = FloatVector.fromArray(S, c, c0 + ldc + L);
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
      ai += acs;
      bi += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
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
    c0v.add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
    c1v.add(FloatVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
    c2v.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
    c3v.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
  }


}
