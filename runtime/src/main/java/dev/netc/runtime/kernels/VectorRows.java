package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemm}'s single rows of C (batch-1 inference, the rows below a full tile) and the
 * columns left over after the last full vector. Same species and the same rules as there: no
 * branches inside the loops, one species only.
 */
final class VectorRows {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorRows() {}

  /** One row of C (fewer than four rows in all): no reduction blocks, nothing to reuse. */
  static void row(int n, int k, float[] a, int a0, int acs,
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
    s0.add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
    s1.add(FloatVector.fromArray(S, c, c0 + L)).intoArray(c, c0 + L);
    s2.add(FloatVector.fromArray(S, c, c0 + 2 * L)).intoArray(c, c0 + 2 * L);
    s3.add(FloatVector.fromArray(S, c, c0 + 3 * L)).intoArray(c, c0 + 3 * L);
    s4.add(FloatVector.fromArray(S, c, c0 + 4 * L)).intoArray(c, c0 + 4 * L);
    s5.add(FloatVector.fromArray(S, c, c0 + 5 * L)).intoArray(c, c0 + 5 * L);
    s6.add(FloatVector.fromArray(S, c, c0 + 6 * L)).intoArray(c, c0 + 6 * L);
    s7.add(FloatVector.fromArray(S, c, c0 + 7 * L)).intoArray(c, c0 + 7 * L);
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
    s0.add(t0).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
    s1.add(t1).add(FloatVector.fromArray(S, c, c0 + L)).intoArray(c, c0 + L);
    s2.add(t2).add(FloatVector.fromArray(S, c, c0 + 2 * L)).intoArray(c, c0 + 2 * L);
    s3.add(t3).add(FloatVector.fromArray(S, c, c0 + 3 * L)).intoArray(c, c0 + 3 * L);
  }

  /** One row, 2 vectors wide, the reduction's halves in separate accumulators. */
  static void row2(int kb, float[] a, int a0, int acs,
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
    s0.add(t0).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
    s1.add(t1).add(FloatVector.fromArray(S, c, c0 + L)).intoArray(c, c0 + L);
  }

  /** One row, one vector wide, the reduction's halves in separate accumulators. */
  static void row1(int kb, float[] a, int a0, int acs,
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
    s0.add(t0).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
  }

  /**
   * The last {@code nt} columns, fewer than a vector: each row of B is loaded as a whole vector
   * anyway (its last lanes belong to the next row and are discarded), as long as that vector
   * stays inside {@code b}; the rows of B beyond that point go through scalar code. The sums
   * pass through {@code lanes} (4 vectors at {@code lo}) to reach C.
   */
  static void tail(int m, int nt, int kb, float[] a, int a0, int ars, int acs,
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
}
