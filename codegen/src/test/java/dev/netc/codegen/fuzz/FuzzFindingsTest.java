package dev.netc.codegen.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
   * falsepositive-c6283baa… (the original input, with a byte that is not UTF-8) and
   * falsepositive-cbeec3ff… (the same as valid UTF-8): a false positive of the oracle, not of
   * netc. The import path quoted back by a correct error held the crash guard's phrase (it is in
   * the dictionary); the oracle now checks {@link Diagnostic#isInternal}, which only the crash
   * guard sets, never message text.
   */
  @ParameterizedTest
  @ValueSource(strings = {"falsepositive-c6283baac86d02f7cfa19bc5d6650fc8bff6186d",
      "falsepositive-cbeec3ff8f1d35ecfa52b3193f830bfff342dd36"})
  void anErrorQuotingTheCrashPhraseIsNotACrash(String input) throws Exception {
    byte[] bytes = FuzzFindingsTest.class.getResourceAsStream(
        "/dev/netc/codegen/fuzz/CompilerFuzzTestInputs/compile/" + input).readAllBytes();
    CompilerFuzzTarget.fuzzerTestOneInput(bytes);
    String text = new String(bytes, StandardCharsets.UTF_8);
    CompileResult r = NetcCompiler.compile(new SourceFile("Fuzz.net", text), "f", CompilerFuzzTarget.IMPORTS);
    Diagnostic first = r.diagnostics().get(0);
    assertTrue(first.message().contains("import path \"internal netc error"), first.format());
    assertTrue(first.isError());
    assertTrue(r.diagnostics().stream().noneMatch(Diagnostic::isInternal), r.diagnostics().toString());
  }

  /** The oracle reads the mark, not the text: a quoted phrase passes, a marked crash fails whatever it says. */
  @Test
  void theOracleFailsOnAnInternalErrorWhateverItsMessage() {
    SourcePos at = SourcePos.of("Fuzz.net", 1, 1);
    Diagnostic quoted = Diagnostic.error(at, "internal netc error while compiling Fuzz.net", null);
    assertFalse(quoted.isInternal());
    CompilerFuzzTarget.requireNoCrash("x", List.of(quoted));
    Diagnostic crash = Diagnostic.internalError(at, "boom", "");
    assertTrue(crash.isInternal() && crash.isError());
    AssertionError e = assertThrows(AssertionError.class, () -> CompilerFuzzTarget.requireNoCrash("x", List.of(crash)));
    assertTrue(e.getMessage().startsWith("netc crashed on\nx\n"), e.getMessage());
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
