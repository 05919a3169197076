package dev.netc.codegen.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.base.Limits;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Absurd sizes, very deep networks and deeply nested expressions: a clear error or generation in
 * linear work, never an internal error, a StackOverflowError or a hang. Work is measured in bytes
 * the compiling thread allocates, never in wall-clock time.
 */
class ResourceLimitsTest {

  private static CompileResult compile(String text) {
    return NetcCompiler.compile(new SourceFile("Limits.net", text), "test.limits");
  }

  private static String messages(CompileResult r) {
    return r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }

  private static void assertCleanError(CompileResult r, String expected) {
    assertTrue(r.hasErrors(), "expected an error");
    assertTrue(r.sources().isEmpty());
    String all = messages(r);
    assertTrue(r.diagnostics().stream().noneMatch(Diagnostic::isInternal), all);
    assertFalse(all.matches("(?s).*[A-Za-z]+(Exception|Error)\\b.*"), all);
    assertTrue(all.contains(expected), "expected '" + expected + "' in\n" + all);
  }

  @Test
  void absurdDenseWidthIsAClearError() {
    assertCleanError(compile("""
        network Huge { input x: float[4]; dense(1000000000); loss mse; }
        """), "more than 134217728 elements");
  }

  @Test
  void widthBeyondIntIsAClearError() {
    assertCleanError(compile("""
        network Huge { input x: float[4]; dense(99999999999999999999); loss mse; }
        """), "dense:");
  }

  @Test
  void absurdParameterCountIsAClearError() {
    assertCleanError(compile("""
        network Huge { input x: float[100000]; dense(100000); loss mse; }
        """), "parameters is more than");
  }

  @Test
  void parametersSummedOverLayersCannotOverflowTheFlatBuffer() {
    // each layer alone fits a float[], together they do not: offsets would overflow int
    assertCleanError(compile("""
        network Huge { input x: float[40000]; dense(40000); dense(40000); loss mse; }
        """), "brings the network to");
  }

  @Test
  void absurdInputIsAClearError() {
    assertCleanError(compile("""
        network Huge { input x: float[100000, 100000, 100000]; dense(1); loss mse; }
        """), "elements");
  }

  @Test
  void absurdBatchIsAClearError() {
    CompileResult r = compile("""
        network Huge { input x: float[4]; dense(1); loss mse; training { batch: 99999999999; } }
        """);
    assertCleanError(r, "batch");
  }

  static String chain(int layers) {
    StringBuilder s = new StringBuilder("network Deep" + layers + " {\n  input x: float[8];\n");
    for (int i = 0; i < layers; i++) {
      s.append(i % 2 == 0 ? "  dense(8, activation: relu);\n" : "  relu;\n");
    }
    return s.append("  dense(2);\n  loss softmax_cross_entropy;\n}\n").toString();
  }

  /**
   * 100, 500 and 1,099 layers (1,100 with the last dense, {@link Limits#MAX_LAYERS}: the most a network
   * may have) generate in a thread with a small stack (so recursion over the depth fails here
   * first) with work linear in the layers. Work is counted in bytes the compiling thread
   * allocates, not in time (which depends on the machine's load): 11x the layers may allocate at
   * most 25x the bytes, where anything quadratic in the layers would allocate about 120x.
   */
  @Test
  void theMostLayersAllowedGenerateInLinearWorkWithBoundedStack() throws Exception {
    Map<Integer, Long> bytes = new LinkedHashMap<>();
    measuredOnSmallStack(chain(50)); // loads and links the compiler's classes
    int most = Limits.MAX_LAYERS - 1;
    for (int layers : new int[] {100, 500, most}) {
      Measured m = measuredOnSmallStack(chain(layers));
      bytes.put(layers, m.allocatedBytes());
      assertFalse(m.result().hasErrors(), messages(m.result()));
      assertEquals(1, m.result().sources().size());
    }
    assertTrue(bytes.get(most) < 25 * bytes.get(100), "not linear, bytes allocated by layers: " + bytes);
    assertTrue(bytes.get(500) < 10 * bytes.get(100), "not linear, bytes allocated by layers: " + bytes);
  }

  /** 100,001 dense layers once made a 267 MB class that javac could not compile. */
  @Test
  void moreLayersThanAClassCanHoldIsOneErrorAtTheFirstLayerOverTheLimit() throws Exception {
    CompileResult r = compileOnSmallStack(chain(Limits.MAX_LAYERS));
    assertCleanError(r, "this network has more than 1100 layers, more than one generated class can hold;"
        + " use fewer layers");
    assertEquals(1, r.diagnostics().size(), messages(r));
    // chain(n): line 1 the network, line 2 the input, then one layer per line; the one over is the last
    assertEquals(2 + Limits.MAX_LAYERS + 1, r.diagnostics().get(0).pos().line());
  }

  /** Runs the compiler in a thread with a 256 KiB stack, far less than a build thread has. */
  static CompileResult compileOnSmallStack(String text) throws InterruptedException {
    return measuredOnSmallStack(text).result();
  }

  /** A compile result and the bytes its thread allocated: a count of the work, unlike a time. */
  record Measured(CompileResult result, long allocatedBytes) {}

  /** As {@link #compileOnSmallStack}, counting the bytes the compiling thread allocates. */
  static Measured measuredOnSmallStack(String text) throws InterruptedException {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean counting
        && counting.isThreadAllocatedMemorySupported(), "this JVM does not count a thread's allocated bytes");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    threads.setThreadAllocatedMemoryEnabled(true);
    Measured[] out = new Measured[1];
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(null, () -> {
      try {
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        CompileResult r = compile(text);
        out[0] = new Measured(r, threads.getThreadAllocatedBytes(id) - before);
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "small-stack", 256 * 1024);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
    return out[0];
  }

  @Test
  void deeplyNestedListsAreAClearError() throws Exception {
    int depth = 100_000;
    String text = "network N { input x: float[4]; reshape(" + "[".repeat(depth) + "1" + "]".repeat(depth)
        + "); dense(1); loss mse; }";
    CompileResult r = compileOnSmallStack(text);
    assertCleanError(r, "nested");
  }

  @Test
  void deeplyNestedCallsAreAClearError() throws Exception {
    int depth = 50_000;
    String text = "network N { input x: float[4]; " + "dense(".repeat(depth) + "1" + ")".repeat(depth)
        + "; loss mse; }";
    CompileResult r = compileOnSmallStack(text);
    assertCleanError(r, "nested");
  }

  @Test
  void moderatelyNestedListIsNotMistakenForTooDeep() throws Exception {
    CompileResult r = compileOnSmallStack(
        "network N { input x: float[4]; reshape([[2, 2]]); dense(1); loss mse; }");
    assertFalse(messages(r).contains("nested"), messages(r));
  }

  @Test
  void longFlatFileIsFine() throws Exception {
    StringBuilder s = new StringBuilder("network N { input x: float[4];\n");
    s.append("  // comment\n".repeat(100_000));
    s.append("dense(1); loss mse; }\n");
    CompileResult r = compileOnSmallStack(s.toString());
    assertFalse(r.hasErrors(), messages(r));
  }

  /** b0 is {@code base}; each b(i) calls b(i-1) twice, so b(levels) asks for 2^levels calls. */
  static String doublingBlocks(int levels, String base) {
    StringBuilder s = new StringBuilder("block b0(x) { return " + base + "; }\n");
    for (int i = 1; i <= levels; i++) {
      s.append("block b").append(i).append("(x) { y = b").append(i - 1).append("(x); return b")
          .append(i - 1).append("(y); }\n");
    }
    return s.append("network N { input x: float[4]; b").append(levels).append("(x); dense(1); loss mse; }\n")
        .toString();
  }

  /**
   * 2^40 calls asked for, stopped at the layer limit: one error, and the work does not grow with
   * the levels once the limit trips (20 levels, a million leaves, allocate at most twice what 10
   * levels, 1,024 leaves, do; expanding before checking would allocate a thousand times more).
   */
  @Test
  void blocksThatDoubleAtEachLevelStopAtTheLayerLimit() throws Exception {
    // six layers per leaf: the layer limit trips before the call limit
    String leaf = "dense(x, 4) -> relu -> dense(4) -> relu -> dense(4) -> relu";
    CompileResult r = compileOnSmallStack(doublingBlocks(40, leaf));
    assertCleanError(r, "block calls bring this network to more than 1100 layers, more than one generated"
        + " class can hold; use fewer layers");
    assertEquals(1, r.diagnostics().size(), messages(r));
    measuredOnSmallStack(doublingBlocks(10, leaf)); // loads and links the classes of this path
    long ten = measuredOnSmallStack(doublingBlocks(10, leaf)).allocatedBytes();
    long twenty = measuredOnSmallStack(doublingBlocks(20, leaf)).allocatedBytes();
    assertTrue(twenty < 2 * ten, "bytes allocated with 10 levels " + ten + ", with 20 levels " + twenty);
  }

  @Test
  void blocksThatDoubleWithoutLayersStopAtTheCallLimit() throws Exception {
    CompileResult r = compileOnSmallStack(doublingBlocks(40, "x"));
    assertCleanError(r, "this network expands more than 10000 block calls");
    assertEquals(1, r.diagnostics().size(), messages(r));
  }

  @Test
  void deeplyNestedBlockCallsAreAClearError() throws Exception {
    StringBuilder s = new StringBuilder("block b0(x) { return dense(x, 4); }\n");
    for (int i = 1; i <= 2000; i++) {
      s.append("block b").append(i).append("(x) { return b").append(i - 1).append("(x); }\n");
    }
    s.append("network N { input x: float[4]; b2000(x); dense(1); loss mse; }\n");
    CompileResult r = compileOnSmallStack(s.toString());
    assertCleanError(r, "block calls are nested more than 64 deep");
    assertEquals(1, r.diagnostics().size(), messages(r));

    CompileResult fine = compileOnSmallStack(s.toString().replace("b2000(x);", "b60(x);"));
    assertFalse(fine.hasErrors(), messages(fine));
  }

  @Test
  void longRecursiveCycleOfBlocksIsFoundWithoutDeepRecursion() throws Exception {
    StringBuilder s = new StringBuilder();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      s.append("block b").append(i).append("(x) { return b").append((i + 1) % n).append("(x); }\n");
    }
    s.append("network N { input x: float[4]; dense(1); loss mse; }\n");
    CompileResult r = compileOnSmallStack(s.toString());
    assertCleanError(r, "recursive block: b0 -> b1 -> b2 -> ");
  }

  /** Text handed to the compiler directly: a 200 MB file of NUL once ran the parser out of memory. */
  @Test
  void textOverTheFileSizeLimitIsOneErrorNamingTheFileItsSizeAndTheLimit() {
    CompileResult r = NetcCompiler.compile(new SourceFile("Huge.net", "\0".repeat(5 << 20)), "test.limits");
    assertCleanError(r, "Huge.net has 5242880 bytes, more than the 4194304 a .net file may have; split it"
        + " into files that import each other's blocks");
    assertEquals(1, r.diagnostics().size(), messages(r));
    assertEquals("Huge.net:1:1", r.diagnostics().get(0).pos().toString());

    // counted as UTF-8, as on disk: 1.5 M three-byte characters are 4.5 MB
    String euros = "\u20ac".repeat(3 << 19);
    CompileResult wide = NetcCompiler.compile(new SourceFile("Wide.net", euros), "test.limits");
    assertCleanError(wide, "Wide.net has 4718592 bytes");
  }

  @Test
  void packagesJavacWouldRejectOrMergeAreAnError() {
    String net = "network N { input x: float[4]; dense(1); loss mse; }";
    CompileResult java = NetcCompiler.compile(new SourceFile("N.net", net), "java.models");
    assertCleanError(java, "N.net:1:1: cannot generate into package 'java.models': packages under java."
        + " belong to the JDK; choose another package");
    CompileResult hidden = NetcCompiler.compile(new SourceFile("N.net", net), "a\u200Bb");
    assertCleanError(hidden, "cannot generate into package 'a\\u200Bb': it contains the invisible character"
        + " U+200B; choose another package");
    CompileResult bidi = NetcCompiler.compile(new SourceFile("N.net", net), "a.\u202Eb");
    assertCleanError(bidi, "it contains the invisible character U+202E");
    assertFalse(NetcCompiler.compile(new SourceFile("N.net", net), "javax2.models").hasErrors());
  }
}
