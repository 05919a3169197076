package dev.netc.codegen.fuzz;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.testing.InMemoryJavac;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The property every input must satisfy: parse → check → generate ends in diagnostics, or in
 * Java source that the real javac compiles without a warning. An uncaught exception, an
 * "internal netc error" diagnostic, generated source that javac rejects, or sources together
 * with errors are all failures. Used by {@link CompilerFuzzTest} (JUnit, regression mode), by
 * {@link FuzzRunTest} (a bounded libFuzzer run in a child JVM) and by the longer run in
 * docs/fuzzing.md ({@code fuzzerTestOneInput} is the entry point of Jazzer's standalone driver).
 */
public final class CompilerFuzzTarget {
  private CompilerFuzzTarget() {}

  /** Inputs whose generated source was compiled by javac (for the statistics of a run). */
  static long compiledByJavac;

  public static void fuzzerTestOneInput(byte[] data) {
    check(new String(data, StandardCharsets.UTF_8));
  }

  /** Checks one input; throws on any violation of the property. */
  public static void check(String text) {
    CompileResult result = NetcCompiler.compile(new SourceFile("Fuzz.net", text), "fuzz.out");
    for (Diagnostic d : result.diagnostics()) {
      if (d.message().contains("internal netc error")) {
        throw new AssertionError("netc crashed on\n" + text + "\n" + d.format());
      }
    }
    if (result.hasErrors()) {
      if (!result.sources().isEmpty()) {
        throw new AssertionError("errors reported and sources generated for\n" + text);
      }
      return;
    }
    if (result.sources().isEmpty()) {
      throw new AssertionError("neither errors nor sources for\n" + text);
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (GeneratedSource s : result.sources()) {
      sources.put(s.qualifiedName(), s.code());
    }
    InMemoryJavac.compile(sources);
    compiledByJavac++;
  }
}
