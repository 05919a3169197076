package dev.netc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.ir.Graph;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.ast.NetworkDecl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one back end: both entry points generate the same class, and a bug becomes a diagnostic. */
class NetcCompilerTest {
  static final String XOR = """
      network Xor {
        input x: float[2];
        hidden = dense(4, activation: tanh);
        out = dense(1, activation: sigmoid);
        loss mse;
        optimizer sgd(lr: 0.5);
      }
      """;

  @Test
  void aNetworkReadByAnotherFrontEndGeneratesWhatItsNetFileDoes() {
    SourceFile file = new SourceFile("Xor.net", XOR);
    CompileResult fromFile = NetcCompiler.compile(file, "test");
    NetworkDecl decl = NetParser.parse(file).unit().networks().get(0);
    CompileResult fromAst = NetcCompiler.compile(new NetworkSource("Xor.net", "Xor.net", () -> decl), "test");
    assertFalse(fromAst.hasErrors(), fromAst.diagnostics().toString());
    assertEquals(fromFile.sources(), fromAst.sources());
    assertEquals(fromFile.kernelReport(), fromAst.kernelReport());
  }

  @Test
  void everyGeneratedClassSaysNetcGeneratedIt() {
    GeneratedSource source = NetcCompiler.compile(new SourceFile("Xor.net", XOR), "test").sources().get(0);
    assertTrue(source.code().contains("import javax.annotation.processing.Generated;\n"), source.code());
    assertTrue(source.code().contains("@Generated(\"dev.netc.codegen.NetcCompiler\")\npublic final class Xor "),
        source.code());
  }

  @Test
  void aCrashInAFrontEndBecomesOneErrorNamingWhatWasCompiled() {
    CompileResult result = NetcCompiler.compile(new NetworkSource("com.acme.Boom", "Boom.java", () -> {
      throw new IllegalStateException("boom");
    }), "com.acme");
    List<Diagnostic> errors = result.diagnostics();
    assertEquals(1, errors.size(), errors.toString());
    Diagnostic error = errors.get(0);
    assertTrue(error.isError());
    assertTrue(error.isInternal(), "the crash guard marks its error internal");
    assertEquals("com.acme.Boom", error.pos().file());
    assertTrue(error.message().startsWith("internal netc error while compiling com.acme.Boom: "
        + "java.lang.IllegalStateException: boom at dev.netc.codegen.NetcCompilerTest"), error.message());
    assertTrue(error.message().endsWith("; please report it with this file"), error.message());
    assertTrue(result.sources().isEmpty());
  }

  @Test
  void aFrontEndThatCouldNotReadItsInputGetsNothingBack() {
    CompileResult result = NetcCompiler.compile(new NetworkSource("com.acme.Bad", "Bad.java", () -> null), "com.acme");
    assertFalse(result.hasErrors());
    assertTrue(result.sources().isEmpty());
  }
  @Test
  void checkReturnsEveryNetworkOfTheFileAndItsSummaryIsTheGeneratedClasssTable() {
    String text = XOR + XOR.replace("Xor", "Xor2").replace("dense(4,", "dense(3,");
    CheckResult checked = NetcCompiler.check(new SourceFile("Two.net", text), ImportResolver.NONE);
    assertFalse(checked.hasErrors(), checked.diagnostics().toString());
    assertEquals(List.of("Xor", "Xor2"), checked.graphs().stream().map(Graph::name).toList());
    String code = NetcCompiler.compile(new SourceFile("Two.net", text), "test").sources().get(1).code();
    String summary = NetcCompiler.summary(checked.graphs().get(1));
    assertTrue(summary.contains("dense + tanh") && summary.contains("parameters 13 "), summary);
    // the generated class holds the same table as its SUMMARY constant, line by line
    for (String line : summary.split("\n")) {
      assertTrue(code.contains("\"" + line + "\\n\""), line);
    }
    assertFalse(code.contains("dense + tanh           [4]"), "Xor2's table, not Xor's");
  }

  @Test
  void checkReportsErrorsAndReturnsNoGraphs() {
    CheckResult checked = NetcCompiler.check(
        new SourceFile("Bad.net", XOR.replace("dense(1,", "dnse(1,")), ImportResolver.NONE);
    assertTrue(checked.hasErrors());
    assertTrue(checked.graphs().isEmpty());
    Diagnostic error = checked.diagnostics().get(0);
    assertEquals("Bad.net:4:9", error.pos().toString());
    assertTrue(error.message().contains("did you mean 'dense'"), error.message());
  }
}
