package dev.netc.codegen.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Focused regression tests for what fuzzing found (the raw inputs are also in the regression
 * corpus of {@link CompilerFuzzTest}).
 */
class FuzzFindingsTest {

  private static List<String> errors(String text) {
    CompileResult r = NetcCompiler.compile(new SourceFile("F.net", text), "f");
    return r.diagnostics().stream().map(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message()).toList();
  }

  /** crash-28520512…: {@code h = h;} failed silently: no sources and no error. */
  @Test
  void valueUsedInItsOwnDefinitionIsReported() {
    assertEquals(List.of("4:7 'h' is used in its own definition; a value can only use values defined before it"),
        errors("// en\nnetwork ValueAsOp {\n  input x: float[4];\n  h = h;\n  loss mse;\n}\n"));
    assertEquals(List.of("3:13 'h' is used in its own definition; a value can only use values defined before it"),
        errors("network N {\n  input x: float[4];\n  h = dense(h, 4);\n  loss mse;\n}\n"));
  }

  /**
   * crash-c6283baa…: a false positive of the oracle, not of netc. The import path quoted back by
   * a correct error held the crash guard's phrase; the oracle now looks only at how a message
   * starts. The input must pass the oracle.
   */
  @Test
  void anErrorQuotingTheCrashPhraseIsNotACrash() {
    String text = "import \"internal netc errorblo\u00c8et\";\nblock rks(x, units, act) { h = dense(ha:8);\n"
        + "  flatten;\n}\n";
    CompilerFuzzTarget.check(text);
    assertTrue(errors(text).get(0).contains("import path \"internal netc error"), errors(text).toString());
  }

  /** The seeds that import reach both ends: generated code, and the cycle back to the input. */
  @Test
  void fuzzImportsResolve() throws Exception {
    String seeds = "/dev/netc/codegen/fuzz/CompilerFuzzTestInputs/compile/";
    String valid = new String(FuzzFindingsTest.class.getResourceAsStream(seeds + "crafted_blocks_valid.net")
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    CompileResult ok = NetcCompiler.compile(new SourceFile("Fuzz.net", valid), "f", CompilerFuzzTarget.IMPORTS);
    assertEquals(List.of(), ok.diagnostics());
    assertEquals(1, ok.sources().size());
    CompilerFuzzTarget.check(valid);

    CompileResult cycle = NetcCompiler.compile(new SourceFile("Fuzz.net", "import \"cycle.net\";\n"), "f",
        CompilerFuzzTarget.IMPORTS);
    assertEquals(List.of("cycle.net:1:8 import cycle: Fuzz.net -> cycle.net -> Fuzz.net"),
        cycle.diagnostics().stream().map(d -> d.pos() + " " + d.message()).toList());
  }
}
