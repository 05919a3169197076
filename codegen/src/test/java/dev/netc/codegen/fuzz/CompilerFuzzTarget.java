package dev.netc.codegen.fuzz;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.InMemorySources;
import dev.netc.codegen.testing.InMemoryJavac;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The property every input must satisfy: parse → check → generate ends in diagnostics, or in
 * Java source that the real javac compiles without a warning. An uncaught exception, an
 * {@linkplain Diagnostic#isInternal internal} diagnostic (a crash caught by netc's guard), generated source that javac rejects, or sources together
 * with errors are all failures. Used by {@link CompilerFuzzTest} (JUnit, regression mode), by
 * {@link FuzzRunTest} (a bounded libFuzzer run in a child JVM) and by the longer run in
 * docs/fuzzing.md ({@code fuzzerTestOneInput} is the entry point of Jazzer's standalone driver).
 */
public final class CompilerFuzzTarget {
  private CompilerFuzzTarget() {}

  /**
   * What the input's imports can reach, so that import resolution and block expansion are fuzzed
   * too: a block library, a file in a subdirectory that imports it, and a file that imports the
   * input back (a cycle).
   */
  static final ImportResolver IMPORTS = new InMemorySources(Map.of(
      "blocks.net", """
          block conv_bn_relu(x, filters) {
            return conv2d(x, filters, kernel: 3, padding: same) -> batchnorm -> relu;
          }
          block mlp(x, units, act) { h = dense(x, units); return h -> act; }
          """,
      "lib/deep.net", """
          import "../blocks.net";
          block deep(x) { return mlp(x, 8, tanh) -> mlp(4, relu); }
          """,
      "cycle.net", "import \"Fuzz.net\";\n"));

  /** Inputs whose generated source was compiled by javac (for the statistics of a run). */
  static long compiledByJavac;

  public static void fuzzerTestOneInput(byte[] data) {
    check(new String(data, StandardCharsets.UTF_8));
  }

  /** Checks one input; throws on any violation of the property. */
  public static void check(String text) {
    SourceFile source = new SourceFile("Fuzz.net", text);
    CompileResult result = NetcCompiler.compile(source, "fuzz.out", IMPORTS);
    requireNoCrash(text, result.diagnostics());
    if (result.hasErrors()) {
      if (!result.sources().isEmpty()) {
        throw new AssertionError("errors reported and sources generated for\n" + text);
      }
      return;
    }
    if (result.sources().isEmpty()) {
      // a file of blocks only is a library: nothing to generate
      if (NetParser.parse(source).unit().networks().isEmpty()) {
        return;
      }
      throw new AssertionError("neither errors nor sources for\n" + text);
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (GeneratedSource s : result.sources()) {
      sources.put(s.qualifiedName(), s.code());
    }
    InMemoryJavac.compile(sources);
    compiledByJavac++;
  }

  /** Fails when a diagnostic is internal: netc's crash guard caught a bug while compiling {@code text}. */
  static void requireNoCrash(String text, List<Diagnostic> diagnostics) {
    for (Diagnostic d : diagnostics) {
      // the crash guard's mark, never the message: messages quote the fuzzed text, which can hold
      // any phrase (an import path "internal netc error..." did: a false positive)
      if (d.isInternal()) {
        throw new AssertionError("netc crashed on\n" + text + "\n" + d.format());
      }
    }
  }
}
