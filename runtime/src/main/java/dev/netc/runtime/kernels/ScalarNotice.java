package dev.netc.runtime.kernels;

/**
 * Says once per JVM, on System.err, that the scalar kernels run in place of the SIMD ones, when
 * that costs something: at the first matrix product of real size, not at class loading (a tool
 * that never multiplies large matrices hears nothing), and not when {@code -Dnetc.simd=false}
 * chose the scalar kernels ({@link VectorSupport#whyScalar}).
 */
final class ScalarNotice {
  /** Multiply-adds from which a product counts as real work (a 784x256 layer is 200k per row). */
  static final long WORK = 1L << 16;

  /** Set once the line was printed (or found unnecessary); read without a lock on the hot path. */
  private static volatile boolean done;

  private ScalarNotice() {}

  /** Called before every scalar product of {@code m x n x k} multiply-adds. */
  static void onScalarProduct(int m, int n, int k) {
    if (!done && (long) m * n * k >= WORK) {
      print();
    }
  }

  private static synchronized void print() {
    if (done) {
      return;
    }
    done = true;
    String line = VectorSupport.whyScalar();
    if (line != null) {
      System.err.println(line);
    }
  }
}
