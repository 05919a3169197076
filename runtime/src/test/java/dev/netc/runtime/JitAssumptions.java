package dev.netc.runtime;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * For the zero-allocation tests: they hold only once C2 has compiled the warm loop (its escape
 * analysis removes the iterators, boxes and vectors the bytecode creates; the interpreter and C1
 * allocate them), so they skip, with the reason, where C2 cannot do that: {@code -Xint}, a JIT
 * that stops below C2 ({@code -XX:TieredStopAtLevel=1..3}, {@code -XX:-UseCompiler}, a client or
 * minimal VM) or an agent that instruments the code (coverage, profilers, debuggers).
 */
public final class JitAssumptions {
  private JitAssumptions() {}

  /** Skips the calling test, saying why, unless C2 compiles this JVM's hot code unhindered. */
  public static void assumeC2(String what) {
    String why = whyNotC2();
    Assumptions.assumeTrue(why == null, () -> what + " needs the C2 compiler (its escape analysis) to"
        + " compile the warm loop, and " + why + "; skipped");
  }

  /** Why C2 will not compile this JVM's hot code as in production, or null when it will. */
  public static String whyNotC2() {
    String info = System.getProperty("java.vm.info", "");
    if (info.contains("interpreted mode")) {
      return "the JVM runs interpreted (java.vm.info: " + info + ")";
    }
    if (info.contains("emulated-client")) {
      return "the JVM emulates a client VM without C2 (java.vm.info: " + info + ")";
    }
    String vm = System.getProperty("java.vm.name", "");
    if (!vm.contains("Server VM")) {
      return "the JVM is not a HotSpot server VM (" + vm + ")";
    }
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String a : args) {
      if (a.equals("-Xint") || a.equals("-XX:-UseCompiler")) {
        return "the JVM was started with " + a;
      }
      if (a.startsWith("-XX:TieredStopAtLevel=") && !a.equals("-XX:TieredStopAtLevel=4")) {
        return "the JVM was started with " + a + ", below C2";
      }
      if (a.startsWith("-javaagent:") || a.startsWith("-agentpath:") || a.startsWith("-agentlib:")) {
        return "an agent instruments the code (" + a + ")";
      }
    }
    return null;
  }
}
