package dev.netc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Both kernels against a plain triple loop in double precision, over shapes that hit every
 * tile (6x2, 4x2 and 2x2 vectors, packed panels, single rows, one-vector and narrower column
 * tails, several reduction blocks),
 * with offsets and leading dimensions larger than the matrix so that a kernel writing outside
 * its window is caught.
 */
class GemmTest {

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(1, 1, 1), Arguments.of(1, 10, 128), Arguments.of(1, 128, 784),
        Arguments.of(32, 128, 784), Arguments.of(32, 10, 128), Arguments.of(128, 10, 32),
        Arguments.of(784, 128, 32), Arguments.of(5, 37, 3), Arguments.of(7, 33, 300),
        Arguments.of(3, 200, 513), Arguments.of(4, 64, 1), Arguments.of(9, 48, 257),
        Arguments.of(8, 576, 25), Arguments.of(2, 24, 17),
        // long reductions with few rows (conv weight gradients)
        Arguments.of(9, 32, 3000), Arguments.of(5, 7, 300), Arguments.of(288, 64, 1000),
        // narrow results, computed transposed
        Arguments.of(128, 3, 32), Arguments.of(33, 15, 70), Arguments.of(64, 1, 300),
        // single rows across 8-vector panels
        Arguments.of(1, 300, 40), Arguments.of(3, 256, 600),
        // small results over long reductions: dot products
        Arguments.of(25, 8, 2000), Arguments.of(3, 5, 1100),
        // 4x4 blocks with a remainder row, remainder columns and a scalar tail of the reduction
        Arguments.of(9, 32, 1037), Arguments.of(6, 7, 1030), Arguments.of(8, 4, 1551),
        // 6-row tiles and what is left of the rows (4 + 4, 4, 2, 1), packed panels of B (12 rows
        // and more), one-vector columns, overlapping tails, reduction blocks of balanced length
        Arguments.of(6, 53, 31), Arguments.of(7, 53, 31), Arguments.of(8, 53, 300),
        Arguments.of(11, 53, 31), Arguments.of(13, 53, 513), Arguments.of(14, 37, 257),
        Arguments.of(17, 70, 600), Arguments.of(12, 32, 784), Arguments.of(65, 150, 300),
        Arguments.of(68, 128, 40), Arguments.of(74, 128, 20), Arguments.of(70, 131, 9),
        // single rows over every panel width, odd and tiny reductions (two halves + the odd row)
        Arguments.of(1, 247, 33), Arguments.of(2, 247, 1), Arguments.of(3, 120, 2),
        Arguments.of(1, 17, 3),
        // columns fewer than a vector, in tiles of 8, 4 and single rows, the last rows of B
        // too close to the end of the array for a whole vector
        Arguments.of(13, 5, 40), Arguments.of(8, 15, 9), Arguments.of(256, 10, 128),
        Arguments.of(1, 10, 128), Arguments.of(2, 3, 7));
  }

  enum Kind { NN, TN, NT }

  /** Which code computes the product: each kernel directly, or the public entry points. */
  enum Path { SCALAR, SIMD, PUBLIC }

  @ParameterizedTest(name = "{0}x{1}x{2}")
  @MethodSource("shapes")
  void bothKernelsMatchTheDefinitionForEveryLayout(int m, int n, int k) {
    for (Kind kind : Kind.values()) {
      for (boolean accumulate : new boolean[] {false, true}) {
        check(kind, m, n, k, accumulate, Path.SCALAR);
        check(kind, m, n, k, accumulate, Path.SIMD);
        check(kind, m, n, k, accumulate, Path.PUBLIC);
      }
    }
  }

  @Test
  void theTestJvmRunsTheSimdKernels() {
    // surefire adds the module; without it this suite would silently test the scalar path twice
    assertTrue(Gemm.simd(), "run tests with --add-modules jdk.incubator.vector");
  }

  @Test
  void zeroRowsOfAAreSkippedWithoutChangingTheResult() {
    int m = 4;
    int n = 40;
    int k = 50;
    Random r = new Random(3);
    float[] a = random(r, m * k);
    for (int i = 0; i < a.length; i += 3) {
      a[i] = 0f;
    }
    float[] b = random(r, k * n);
    float[] c = new float[m * n];
    Gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int kk = 0; kk < k; kk++) {
          s += (double) a[i * k + kk] * b[kk * n + j];
        }
        assertEquals(s, c[i * n + j], 1e-4 * (1 + Math.abs(s)));
      }
    }
  }

  /**
   * Once compiled, no tile allocates: C2 boxes the vectors of a tile it cannot compile whole (a
   * branch inside the loop, or more Vector API calls in one loop than it inlines into one
   * compilation: a single row over two streams of B allocated 192 bytes per call). The shapes
   * run every kernel: 6x2, 4x2 and 2x2 tiles, packed panels, the 4x2 path of smaller products,
   * one-vector columns, 8-, 4- and 1-row tails, and single rows 8, 4, 2 and 1 vectors wide.
   */
  @Test
  void theSimdKernelsAllocateNothingOnceCompiled() {
    dev.netc.runtime.JitAssumptions.assumeC2("the SIMD kernels allocating nothing");
    int[][] shapes = {{67, 247, 40}, {68, 128, 40}, {70, 128, 40}, {31, 247, 40}, {1, 247, 40},
        {33, 10, 40}};
    Random r = new Random(5);
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = random(r, m * k);
      float[] b = random(r, k * n);
      float[] c = new float[m * n];
      long allocated = Long.MAX_VALUE;
      // rounds until zero: on a loaded machine C2's queue can take many rounds to reach a kernel
      for (int round = 0; round < 40 && allocated > 0; round++) {
        for (int i = 0; i < 2000; i++) {
          VectorGemm.gemm(m, n, k, a, 0, k, 1, b, 0, n, c, 0, n);
        }
        long before = allocatedBytes();
        for (int i = 0; i < 100; i++) {
          VectorGemm.gemm(m, n, k, a, 0, k, 1, b, 0, n, c, 0, n);
        }
        allocated = Math.min(allocated, allocatedBytes() - before);
      }
      assertEquals(0, allocated, "bytes allocated by 100 products " + m + "x" + n + "x" + k);
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  /** The calling thread's allocation counter (looking the bean up allocates: done once). */
  private static long allocatedBytes() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  static void check(Kind kind, int m, int n, int k, boolean accumulate, Path path) {
    Random r = new Random(31L * m + 17L * n + k);
    int pad = 3;
    // A logical [m,k]; stored [m,k] (NN, NT) or [k,m] (TN) with a wider leading dimension
    int lda = (kind == Kind.TN ? m : k) + pad;
    int aRows = kind == Kind.TN ? k : m;
    int ldb = (kind == Kind.NT ? k : n) + pad;
    int bRows = kind == Kind.NT ? n : k;
    int ldc = n + pad;
    int aOff = 5;
    int bOff = 7;
    int cOff = 11;
    float[] a = random(r, aOff + aRows * lda);
    float[] b = random(r, bOff + bRows * ldb);
    float[] c = random(r, cOff + m * ldc + pad);
    float[] before = c.clone();

    switch (path) {
      case PUBLIC -> {
        switch (kind) {
          case NN -> Gemm.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
          case TN -> Gemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
          case NT -> Gemm.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
      }
      case SIMD -> runWith(kind, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, true);
      case SCALAR -> runWith(kind, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, false);
    }

    for (int idx = 0; idx < c.length; idx++) {
      int rel = idx - cOff;
      int i = rel >= 0 ? rel / ldc : -1;
      int j = rel >= 0 ? rel % ldc : -1;
      if (i < 0 || i >= m || j >= n) {
        assertEquals(before[idx], c[idx], 0f, "wrote outside C at " + idx);
        continue;
      }
      double s = accumulate ? before[idx] : 0;
      double mag = Math.abs(s);
      for (int kk = 0; kk < k; kk++) {
        double av = kind == Kind.TN ? a[aOff + kk * lda + i] : a[aOff + i * lda + kk];
        double bv = kind == Kind.NT ? b[bOff + j * ldb + kk] : b[bOff + kk * ldb + j];
        s += av * bv;
        mag += Math.abs(av * bv);
      }
      assertEquals(s, c[idx], 1e-5 * (1 + mag),
          kind + " " + path + " C[" + i + "," + j + "]");
    }
  }

  /** Calls one implementation directly, bypassing the per-JVM choice in {@link Gemm}. */
  private static void runWith(Kind kind, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate, boolean simd) {
    if (!accumulate) {
      for (int i = 0; i < m; i++) {
        java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
      }
    }
    int ars = kind == Kind.TN ? 1 : lda;
    int acs = kind == Kind.TN ? lda : 1;
    float[] bb = b;
    int bo = bOff;
    int lb = ldb;
    if (kind == Kind.NT) {
      bb = new float[k * n];
      for (int j = 0; j < n; j++) {
        for (int kk = 0; kk < k; kk++) {
          bb[kk * n + j] = b[bOff + j * ldb + kk];
        }
      }
      bo = 0;
      lb = n;
    }
    if (simd) {
      VectorGemm.gemm(m, n, k, a, aOff, ars, acs, bb, bo, lb, c, cOff, ldc);
    } else {
      ScalarGemm.gemm(m, n, k, a, aOff, ars, acs, bb, bo, lb, c, cOff, ldc);
    }
  }

  private static float[] random(Random r, int size) {
    float[] v = new float[size];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }
}
