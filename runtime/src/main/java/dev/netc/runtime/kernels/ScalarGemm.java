package dev.netc.runtime.kernels;

/**
 * The portable kernel, for JVMs without the Vector API module. C2 in JDK 17 does not
 * auto-vectorize a row update {@code c[i] += a * b[i]} when it cannot prove that the two float
 * arrays do not alias, so the speed here comes from register blocking instead: tiles of 4 rows
 * by 4 columns of C are held in 16 local accumulators over a block of the reduction, which
 * reads each loaded element of A and B four times and keeps both floating-point pipes busy.
 * Leftover rows and columns use narrower tiles.
 *
 * <p>A is addressed through two strides, {@code A(i, kk) = a[aOff + i * ars + kk * acs]}, so the
 * same loop serves {@code A} and {@code Aᵀ}.
 */
final class ScalarGemm {
  static final int KC = 256;

  private ScalarGemm() {}

  static void gemm(int m, int n, int k,
      float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    for (int k0 = 0; k0 < k; k0 += KC) {
      int kb = Math.min(KC, k - k0);
      int ak = aOff + k0 * acs;
      int bk = bOff + k0 * ldb;
      int i = 0;
      for (; i + 4 <= m; i += 4) {
        int j = 0;
        for (; j + 4 <= n; j += 4) {
          tile4x4(kb, a, ak + i * ars, ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j, ldc);
        }
        for (; j < n; j++) {
          for (int r = 0; r < 4; r++) {
            c[cOff + (i + r) * ldc + j] += dot(kb, a, ak + (i + r) * ars, acs, b, bk + j, ldb);
          }
        }
      }
      for (; i < m; i++) {
        int j = 0;
        for (; j + 4 <= n; j += 4) {
          tile1x4(kb, a, ak + i * ars, acs, b, bk + j, ldb, c, cOff + i * ldc + j);
        }
        for (; j < n; j++) {
          c[cOff + i * ldc + j] += dot(kb, a, ak + i * ars, acs, b, bk + j, ldb);
        }
      }
    }
  }

  private static void tile4x4(int kb, float[] a, int a0, int ars, int acs,
      float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
    float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
    float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
    float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
    float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kb; kk++) {
      float b0v = b[bi];
      float b1v = b[bi + 1];
      float b2v = b[bi + 2];
      float b3v = b[bi + 3];
      float x = a[ai];
      c00 += x * b0v;
      c01 += x * b1v;
      c02 += x * b2v;
      c03 += x * b3v;
      x = a[ai + ars];
      c10 += x * b0v;
      c11 += x * b1v;
      c12 += x * b2v;
      c13 += x * b3v;
      x = a[ai + 2 * ars];
      c20 += x * b0v;
      c21 += x * b1v;
      c22 += x * b2v;
      c23 += x * b3v;
      x = a[ai + 3 * ars];
      c30 += x * b0v;
      c31 += x * b1v;
      c32 += x * b2v;
      c33 += x * b3v;
      ai += acs;
      bi += ldb;
    }
    c[c0] += c00;
    c[c0 + 1] += c01;
    c[c0 + 2] += c02;
    c[c0 + 3] += c03;
    int r = c0 + ldc;
    c[r] += c10;
    c[r + 1] += c11;
    c[r + 2] += c12;
    c[r + 3] += c13;
    r += ldc;
    c[r] += c20;
    c[r + 1] += c21;
    c[r + 2] += c22;
    c[r + 3] += c23;
    r += ldc;
    c[r] += c30;
    c[r + 1] += c31;
    c[r + 2] += c32;
    c[r + 3] += c33;
  }

  private static void tile1x4(int kb, float[] a, int a0, int acs,
      float[] b, int b0, int ldb, float[] c, int c0) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
    int ai = a0;
    int bi = b0;
    for (int kk = 0; kk < kb; kk++) {
      float x = a[ai];
      s0 += x * b[bi];
      s1 += x * b[bi + 1];
      s2 += x * b[bi + 2];
      s3 += x * b[bi + 3];
      ai += acs;
      bi += ldb;
    }
    c[c0] += s0;
    c[c0 + 1] += s1;
    c[c0 + 2] += s2;
    c[c0 + 3] += s3;
  }

  static float dot(int kb, float[] a, int a0, int acs, float[] b, int b0, int ldb) {
    float s = 0f;
    for (int kk = 0; kk < kb; kk++) {
      s += a[a0 + kk * acs] * b[b0 + kk * ldb];
    }
    return s;
  }
}
