package dev.netc.codegen.testing;

import dev.netc.runtime.Model;
import java.util.Set;
import java.util.TreeSet;
import org.opentest4j.TestAbortedException;

/**
 * The catalogue ops and losses that {@link GradCheck} has differenced in this JVM: every check
 * records the graph ops of its model ({@link NetworkOps#ofModel}, known for models compiled through
 * {@link Nets}). In census mode ({@link FiniteDifferenceInventory}) a check records and then
 * aborts its test instead of differencing, so the finite-difference tests can be enumerated
 * quickly.
 */
public final class FiniteDifferenceLedger {
  private FiniteDifferenceLedger() {}

  private static final Set<String> OPS = new TreeSet<>();
  private static final Set<String> LOSSES = new TreeSet<>();
  private static final Set<String> COMPLETED = new TreeSet<>();
  private static volatile boolean census;

  /** Called by {@link GradCheck} before it differences {@code model}. */
  static void checking(Model model) {
    NetworkOps ops = NetworkOps.ofModel(model);
    if (ops != null) {
      synchronized (OPS) {
        OPS.addAll(ops.ops());
        LOSSES.addAll(ops.losses());
      }
    }
    if (census) {
      throw new TestAbortedException("finite-difference census: recorded " + ops + ", check skipped");
    }
  }

  /** A tagged test class ran to its end outside the census: its checks are recorded. */
  static void completed(Class<?> testClass) {
    if (!census) {
      synchronized (OPS) {
        COMPLETED.add(testClass.getName());
      }
    }
  }

  /** Whether the class ran to its end in this JVM (not counting census runs). */
  static boolean hasCompleted(String testClass) {
    synchronized (OPS) {
      return COMPLETED.contains(testClass);
    }
  }

  static void census(boolean on) {
    census = on;
  }

  /** The ops differenced so far. */
  public static Set<String> ops() {
    synchronized (OPS) {
      return Set.copyOf(OPS);
    }
  }

  /** The losses differenced so far. */
  public static Set<String> losses() {
    synchronized (OPS) {
      return Set.copyOf(LOSSES);
    }
  }
}
