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
 * #gemm4}). 8x2 tiles (16 accumulators) and 4x4 tiles were
 * tried and ran slower than 6x2 on every training and inference shape. Single rows (batch-1
 * inference) use rows 8 vectors wide: the product then streams B from L2 at about 85% of the
 * speed of a plain sum over it (~160 GB/s here, 2.5 us for 784x128). Columns left over
 * after the last full vector load whole vectors of B's rows anyway and drop the extra lanes.
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
        row(n, k, a, aOff + i * ars, acs, b, bOff, ldb, c, cOff + i * ldc, lanes);
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
          row1(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
        }
      }
      if (j < n) {
        tail(m, n - j, kb, a, ak, ars, acs, b, bk + j, ldb, c, cOff + j, ldc, p, lanesAt);
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
          row2(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
        }
      }
      for (; j + L <= n; j += L) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          tile4x1(kb, a, ak + i * ars, ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j, ldc);
        }
        for (; i < m; i++) {
          row1(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
        }
      }
      if (j < n) {
        tail(m, n - j, kb, a, ak, ars, acs, b, bk + j, ldb, c, cOff + j, ldc, lanes, 0);
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
      row2(kb, a, a0 + i * ars, acs, b, b0, ldb, c, c0 + i * ldc);
    }
  }

  /** One row of C (fewer than four rows in all): no reduction blocks, nothing to reuse. */
  private static void row(int n, int k, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, float[] lanes) {
    int j = 0;
    for (; j + 8 * L <= n; j += 8 * L) {
      row8(k, a, a0, acs, b, b0 + j, ldb, c, c0 + j);
    }
    if (j + 4 * L <= n) {
      row4(k, a, a0, acs, b, b0 + j, ldb, c, c0 + j);
      j += 4 * L;
    }
    if (j + 2 * L <= n) {
      row2(k, a, a0, acs, b, b0 + j, ldb, c, c0 + j);
      j += 2 * L;
    }
    if (j + L <= n) {
      row1(k, a, a0, acs, b, b0 + j, ldb, c, c0 + j);
      j += L;
    }
    if (j < n) {
      tail(1, n - j, k, a, a0, 0, acs, b, b0 + j, ldb, c, c0 + j, 0, lanes, 0);
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
    addInto(c00, c, c0);
    addInto(c01, c, c0 + L);
    addInto(c10, c, c0 + ldc);
    addInto(c11, c, c0 + ldc + L);
    addInto(c20, c, c0 + 2 * ldc);
    addInto(c21, c, c0 + 2 * ldc + L);
    addInto(c30, c, c0 + 3 * ldc);
    addInto(c31, c, c0 + 3 * ldc + L);
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
    addInto(c0v, c, c0);
    addInto(c1v, c, c0 + ldc);
    addInto(c2v, c, c0 + 2 * ldc);
    addInto(c3v, c, c0 + 3 * ldc);
  }

  /**
   * One row of C, 8 vectors wide: eight independent FMA chains, enough to hide the latency. Two
   * streams of B (the two halves of the reduction, as {@link #row4} reads them) ran 10-15%
   * faster for batch 1 but made C2 box two accumulators per call: 16 loads and 16 multiply-adds
   * in one loop exceed what C2 inlines into one compilation, and the Vector API calls left out
   * allocate.
   */
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

  /** One row, 4 vectors wide: the two halves of the reduction in separate accumulators. */
  private static void row4(int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector t0 = s0;
    FloatVector t1 = s0;
    FloatVector t2 = s0;
    FloatVector t3 = s0;
    int h = kb >> 1;
    int ai = a0;
    int bi = b0;
    int ha = h * acs;
    int hb = h * ldb;
    for (int kk = 0; kk < h; kk++) {
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      FloatVector y = FloatVector.broadcast(S, a[ai + ha]);
      int bj = bi + hb;
      s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
      t0 = y.fma(FloatVector.fromArray(S, b, bj), t0);
      s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
      t1 = y.fma(FloatVector.fromArray(S, b, bj + L), t1);
      s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), s2);
      t2 = y.fma(FloatVector.fromArray(S, b, bj + 2 * L), t2);
      s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), s3);
      t3 = y.fma(FloatVector.fromArray(S, b, bj + 3 * L), t3);
      ai += acs;
      bi += ldb;
    }
    if ((kb & 1) != 0) {
      ai += ha;
      bi += hb;
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), s3);
    }
    addInto(s0.add(t0), c, c0);
    addInto(s1.add(t1), c, c0 + L);
    addInto(s2.add(t2), c, c0 + 2 * L);
    addInto(s3.add(t3), c, c0 + 3 * L);
  }

  /** One row, 2 vectors wide, the reduction's halves in separate accumulators. */
  private static void row2(int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector t0 = s0;
    FloatVector t1 = s0;
    int h = kb >> 1;
    int ai = a0;
    int bi = b0;
    int ha = h * acs;
    int hb = h * ldb;
    for (int kk = 0; kk < h; kk++) {
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      FloatVector y = FloatVector.broadcast(S, a[ai + ha]);
      int bj = bi + hb;
      s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
      t0 = y.fma(FloatVector.fromArray(S, b, bj), t0);
      s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
      t1 = y.fma(FloatVector.fromArray(S, b, bj + L), t1);
      ai += acs;
      bi += ldb;
    }
    if ((kb & 1) != 0) {
      ai += ha;
      bi += hb;
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
    }
    addInto(s0.add(t0), c, c0);
    addInto(s1.add(t1), c, c0 + L);
  }

  /** One row, one vector wide, the reduction's halves in separate accumulators. */
  private static void row1(int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector t0 = s0;
    int h = kb >> 1;
    int ai = a0;
    int bi = b0;
    int ha = h * acs;
    int hb = h * ldb;
    for (int kk = 0; kk < h; kk++) {
      s0 = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), s0);
      t0 = FloatVector.broadcast(S, a[ai + ha]).fma(FloatVector.fromArray(S, b, bi + hb), t0);
      ai += acs;
      bi += ldb;
    }
    if ((kb & 1) != 0) {
      s0 = FloatVector.broadcast(S, a[ai + ha]).fma(FloatVector.fromArray(S, b, bi + hb), s0);
    }
    addInto(s0.add(t0), c, c0);
  }

  /**
   * The last {@code nt} columns, fewer than a vector: each row of B is loaded as a whole vector
   * anyway (its last lanes belong to the next row and are discarded), as long as that vector
   * stays inside {@code b}; the rows of B beyond that point go through scalar code. The sums
   * pass through {@code lanes} (4 vectors at {@code lo}) to reach C.
   */
  private static void tail(int m, int nt, int kb, float[] a, int a0, int ars, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, int ldc, float[] lanes, int lo) {
    int room = b.length - L - b0;
    int kv = room < 0 ? 0 : ldb <= 0 ? kb : (int) Math.min(kb, (long) room / ldb + 1);
    if (kv > 0) {
      int i = 0;
      for (; i + 8 <= m; i += 8) {
        tail8(kv, a, a0 + i * ars, ars, acs, b, b0, ldb, lanes, lo);
        for (int r = 0; r < 8; r++) {
          int ci = c0 + (i + r) * ldc;
          int li = lo + r * L;
          for (int q = 0; q < nt; q++) {
            c[ci + q] += lanes[li + q];
          }
        }
      }
      for (; i + 4 <= m; i += 4) {
        tail4(kv, a, a0 + i * ars, ars, acs, b, b0, ldb, lanes, lo);
        for (int r = 0; r < 4; r++) {
          int ci = c0 + (i + r) * ldc;
          int li = lo + r * L;
          for (int q = 0; q < nt; q++) {
            c[ci + q] += lanes[li + q];
          }
        }
      }
      for (; i < m; i++) {
        tail1(kv, a, a0 + i * ars, acs, b, b0, ldb, lanes, lo);
        int ci = c0 + i * ldc;
        for (int q = 0; q < nt; q++) {
          c[ci + q] += lanes[lo + q];
        }
      }
    }
    if (kv < kb) {
      ScalarGemm.gemm(m, nt, kb - kv, a, a0 + kv * acs, ars, acs, b, b0 + kv * ldb, ldb, c, c0, ldc);
    }
  }

  private static void tail8(int kv, float[] a, int a0, int ars, int acs,
      float[] b, int b0, int ldb, float[] lanes, int lo) {
    FloatVector c0v = FloatVector.zero(S);
    FloatVector c1v = c0v;
    FloatVector c2v = c0v;
    FloatVector c3v = c0v;
    FloatVector c4v = c0v;
    FloatVector c5v = c0v;
    FloatVector c6v = c0v;
    FloatVector c7v = c0v;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kv; kk++) {
      FloatVector v = FloatVector.fromArray(S, b, bi);
      c0v = FloatVector.broadcast(S, a[ai]).fma(v, c0v);
      c1v = FloatVector.broadcast(S, a[ai + ars]).fma(v, c1v);
      c2v = FloatVector.broadcast(S, a[ai + 2 * ars]).fma(v, c2v);
      c3v = FloatVector.broadcast(S, a[ai + 3 * ars]).fma(v, c3v);
      c4v = FloatVector.broadcast(S, a[ai + 4 * ars]).fma(v, c4v);
      c5v = FloatVector.broadcast(S, a[ai + 5 * ars]).fma(v, c5v);
      c6v = FloatVector.broadcast(S, a[ai + 6 * ars]).fma(v, c6v);
      c7v = FloatVector.broadcast(S, a[ai + 7 * ars]).fma(v, c7v);
      ai += acs;
      bi += ldb;
    }
    c0v.intoArray(lanes, lo);
    c1v.intoArray(lanes, lo + L);
    c2v.intoArray(lanes, lo + 2 * L);
    c3v.intoArray(lanes, lo + 3 * L);
    c4v.intoArray(lanes, lo + 4 * L);
    c5v.intoArray(lanes, lo + 5 * L);
    c6v.intoArray(lanes, lo + 6 * L);
    c7v.intoArray(lanes, lo + 7 * L);
  }

  private static void tail4(int kv, float[] a, int a0, int ars, int acs,
      float[] b, int b0, int ldb, float[] lanes, int lo) {
    FloatVector c0v = FloatVector.zero(S);
    FloatVector c1v = c0v;
    FloatVector c2v = c0v;
    FloatVector c3v = c0v;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kv; kk++) {
      FloatVector v = FloatVector.fromArray(S, b, bi);
      c0v = FloatVector.broadcast(S, a[ai]).fma(v, c0v);
      c1v = FloatVector.broadcast(S, a[ai + ars]).fma(v, c1v);
      c2v = FloatVector.broadcast(S, a[ai + 2 * ars]).fma(v, c2v);
      c3v = FloatVector.broadcast(S, a[ai + 3 * ars]).fma(v, c3v);
      ai += acs;
      bi += ldb;
    }
    c0v.intoArray(lanes, lo);
    c1v.intoArray(lanes, lo + L);
    c2v.intoArray(lanes, lo + 2 * L);
    c3v.intoArray(lanes, lo + 3 * L);
  }

  /** One row of {@link #tail}: the reduction split four ways, so four chains hide the latency. */
  private static void tail1(int kv, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] lanes, int lo) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int ai = a0;
    int bi = b0;
    int kk = 0;
    for (; kk + 4 <= kv; kk += 4) {
      s0 = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), s0);
      s1 = FloatVector.broadcast(S, a[ai + acs]).fma(FloatVector.fromArray(S, b, bi + ldb), s1);
      s2 = FloatVector.broadcast(S, a[ai + 2 * acs]).fma(FloatVector.fromArray(S, b, bi + 2 * ldb), s2);
      s3 = FloatVector.broadcast(S, a[ai + 3 * acs]).fma(FloatVector.fromArray(S, b, bi + 3 * ldb), s3);
      ai += 4 * acs;
      bi += 4 * ldb;
    }
    for (; kk < kv; kk++) {
      s0 = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), s0);
      ai += acs;
      bi += ldb;
    }
    s0.add(s1).add(s2.add(s3)).intoArray(lanes, lo);
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
