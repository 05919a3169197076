package dev.netc.runtime;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread, for the fuzz targets' property that no allocation is
 * sized by a length an input merely declares (HotSpot's {@code com.sun.management.ThreadMXBean}).
 */
public final class ThreadAllocation {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ThreadAllocation() {}

  /** {@return the bytes the current thread has allocated so far} */
  public static long bytes() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /**
   * Fails when more than {@code limit} bytes were allocated since {@code start} (a {@link #bytes()}
   * reading), naming {@code what} and the input length that bounds the limit.
   *
   * @param start the reading before the work
   * @param limit the most the work may allocate
   * @param what the work, for the message
   */
  public static void requireAtMost(long start, long limit, String what) {
    long used = bytes() - start;
    if (used > limit) {
      throw new Excess(what + " allocated " + used + " bytes, more than the " + limit
          + " its input can justify: an allocation sized by an untrusted length");
    }
  }

  /**
   * Runs {@code check} and, when it allocated too much, once more: the first run through a code
   * path also pays for loading and initializing its classes, an allocation sized by the input
   * repeats. The second run's failure propagates.
   *
   * @param check one fuzz input's check, repeatable (it builds its own state)
   */
  public static void twiceIfExcessive(Runnable check) {
    try {
      check.run();
    } catch (Excess first) {
      check.run();
    }
  }

  /** More allocated than the input justifies. */
  public static final class Excess extends AssertionError {
    private static final long serialVersionUID = 1L;

    Excess(String message) {
      super(message);
    }
  }
}
