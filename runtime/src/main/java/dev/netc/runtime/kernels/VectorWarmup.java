package dev.netc.runtime.kernels;

/**
 * Gets the SIMD row kernels compiled before batch-1 products use them. Until C2 has compiled the
 * Vector API code it runs in the interpreter (or C1) about a hundred times slower than the scalar
 * loops, so a JVM's first predictions would pay for it. The first product of fewer than four rows
 * starts one daemon thread that runs {@link VectorGemm} on throw-away operands until a product
 * runs at compiled speed three times in a row (at most {@link #MAX_NANOS}); meanwhile {@link
 * Gemm} computes such products with {@link ExactRows}, which gives the same bits, so nothing a
 * caller sees depends on when the switch happens.
 *
 * <p>Loaded only when the SIMD kernels were chosen; a JVM that never predicts batch 1 never starts
 * the thread. {@code -Dnetc.simd.warmup=false} turns it off (no thread; the SIMD row kernels are
 * used from the first product, interpreted until C2 compiles them), for applications that
 * must not see a library start a thread.
 */
final class VectorWarmup {
  /** Floats per vector of the SIMD kernels ({@link ExactRows} reproduces their blocking). */
  static final int LANES = VectorGemm.lanes();

  /** Longest the thread keeps trying (a loaded machine); then the vector kernels run anyway. */
  static final long MAX_NANOS = 10_000_000_000L;

  /** Compiled speed: at least one multiply-add per nanosecond (interpreted: 50-100 ns each). */
  private static final double FAST_MADDS_PER_NANO = 1.0;

  /** Off with {@code -Dnetc.simd.warmup=false}: then the vector kernels run from the start. */
  static final boolean ENABLED = !"false".equals(System.getProperty("netc.simd.warmup"));

  private static volatile boolean done = !ENABLED;
  private static boolean started;

  private VectorWarmup() {}

  /**
   * Whether the SIMD row kernels are compiled (or the warm-up gave up waiting); starts the warm-up
   * on the first call.
   * @return true once products of few rows should run on {@link VectorGemm}
   */
  static boolean done() {
    if (done) {
      return true;
    }
    start();
    return false;
  }

  private static synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    Thread t = new Warmer();
    t.setDaemon(true);
    t.start();
  }

  /**
   * Runs the warm-up on the calling thread; returns once the row kernels run at compiled speed or
   * after {@link #MAX_NANOS}.
   * @return how many products it ran
   */
  static int warm() {
    // every block of VectorRows.row: 8, 4, 2 and 1 vectors and a tail of one column
    int n = 15 * LANES + 1;
    int k = 64;
    float[] a = new float[k];
    float[] b = new float[k * n];
    float[] c = new float[n];
    for (int i = 0; i < b.length; i++) {
      b[i] = (i % 7) * 0.125f;
    }
    for (int i = 0; i < k; i++) {
      a[i] = (i % 5) * 0.25f;
    }
    long fastNanos = (long) (n * k / FAST_MADDS_PER_NANO);
    long deadline = System.nanoTime() + MAX_NANOS;
    int fast = 0;
    int runs = 0;
    while (fast < 3 && System.nanoTime() - deadline < 0) {
      long t0 = System.nanoTime();
      VectorGemm.gemm(1, n, k, a, 0, k, 1, b, 0, n, c, 0, n);
      fast = System.nanoTime() - t0 <= fastNanos ? fast + 1 : 0;
      runs++;
    }
    return runs;
  }

  /** A subclass rather than a lambda: the first lambda a JVM links costs milliseconds. */
  private static final class Warmer extends Thread {
    Warmer() {
      super("netc-simd-warmup");
    }

    @Override
    public void run() {
      try {
        warm();
      } finally {
        done = true;
      }
    }
  }
}
