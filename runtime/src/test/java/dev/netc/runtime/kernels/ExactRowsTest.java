package dev.netc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ExactRows} must give the bits of {@link VectorGemm} for every product of fewer than four
 * rows, or the switch from one to the other after {@link VectorWarmup} would change results in
 * the middle of a run. Shapes hit every block of {@code VectorRows.row} (8, 4, 2 and 1 vectors),
 * tails of every width, odd and even reductions, a B whose last rows are too close to its end for
 * whole-vector loads (the scalar rest of the tail), a transposed A (column stride) and a C that
 * already holds values.
 */
class ExactRowsTest {
  // Gemm first: choosing the kernels is what lets the runtime module read the Vector API
  private static final int L = Gemm.simd() ? VectorGemm.lanes() : 4;

  static Stream<Arguments> shapes() {
    return IntStream.of(1, 2, 3).boxed().flatMap(m -> Stream.of(
        Arguments.of(m, 1, 1), Arguments.of(m, 10, 128), Arguments.of(m, 128, 784),
        Arguments.of(m, 256, 784), Arguments.of(m, 15 * L + 1, 64), Arguments.of(m, 8 * L, 7),
        Arguments.of(m, 4 * L + 3, 33), Arguments.of(m, 2 * L, 1), Arguments.of(m, L - 1, 300),
        Arguments.of(m, 17 * L + L / 2 + 1, 257), Arguments.of(m, 3, 2), Arguments.of(m, 37, 5)));
  }

  @ParameterizedTest(name = "{0}x{1}x{2}")
  @MethodSource("shapes")
  void sameBitsAsTheVectorKernel(int m, int n, int k) {
    assumeTrue(Gemm.simd(), "the SIMD kernels are not in use in this JVM");
    Random r = new Random(31L * m + 7L * n + k);
    for (int layout = 0; layout < 2; layout++) {
      boolean transposedA = layout == 1;
      // A [m,k] with row stride k, or stored [k,m] (stride 1 between rows, m between columns)
      int ars = transposedA ? 1 : k + 2;
      int acs = transposedA ? m : 1;
      float[] a = random(r, transposedA ? k * m + 1 : m * (k + 2));
      // B exactly as long as the product needs: the tail's last rows go the scalar way
      float[] b = random(r, k * n);
      float[] c0 = random(r, m * (n + 3));
      float[] expected = c0.clone();
      float[] actual = c0.clone();
      VectorGemm.gemm(m, n, k, a, 0, ars, acs, b, 0, n, expected, 0, n + 3);
      ExactRows.gemm(m, n, k, L, a, 0, ars, acs, b, 0, n, actual, 0, n + 3);
      assertBits(expected, actual, m + "x" + n + "x" + k + (transposedA ? " (Aᵀ)" : ""));
    }
  }

  @Test
  void offsetsAndSlackInBLeaveTheSameBits() {
    assumeTrue(Gemm.simd(), "the SIMD kernels are not in use in this JVM");
    Random r = new Random(5);
    int m = 2;
    int n = 9 * L + 5;
    int k = 100;
    int ldb = n + 11;
    float[] a = random(r, 7 + m * k);
    float[] b = random(r, 13 + k * ldb + 2 * L);
    float[] c = random(r, 3 + m * (n + 1));
    float[] expected = c.clone();
    float[] actual = c.clone();
    VectorGemm.gemm(m, n, k, a, 7, k, 1, b, 13, ldb, expected, 3, n + 1);
    ExactRows.gemm(m, n, k, L, a, 7, k, 1, b, 13, ldb, actual, 3, n + 1);
    assertBits(expected, actual, "offsets");
  }

  @Test
  void warmupEndsAndBatchOneProductsKeepTheirBits() {
    assumeTrue(Gemm.simd(), "the SIMD kernels are not in use in this JVM");
    Random r = new Random(11);
    int n = 128;
    int k = 784;
    float[] a = random(r, k);
    float[] b = random(r, k * n);
    float[] first = new float[n];
    Gemm.nn(1, n, k, a, 0, k, b, 0, n, first, 0, n, false);
    long deadline = System.nanoTime() + VectorWarmup.MAX_NANOS + 5_000_000_000L;
    while (!VectorWarmup.done() && System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
    }
    assertTrue(VectorWarmup.done(), "the warm-up thread never finished");
    float[] later = new float[n];
    Gemm.nn(1, n, k, a, 0, k, b, 0, n, later, 0, n, false);
    assertArrayEquals(first, later, 0f, "batch-1 product before and after the switch");
    assertBits(first, later, "before and after the switch");
  }

  private static float[] random(Random r, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = r.nextFloat() * 2 - 1;
    }
    return x;
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          what + ": element " + i + " differs: " + expected[i] + " vs " + actual[i]);
    }
  }
}
