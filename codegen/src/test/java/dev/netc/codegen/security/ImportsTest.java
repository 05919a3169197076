package dev.netc.codegen.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imports are parsed but not supported yet: every import, including ones that try to escape the
 * source roots, is reported at its position and nothing is read. When imports are implemented,
 * they must resolve only inside the configured source roots (no ../, no absolute paths) and
 * report cycles with the chain (issue 8); these cases are the starting point for those tests.
 */
class ImportsTest {

  @ParameterizedTest
  @ValueSource(strings = {"blocks.net", "../../../../etc/passwd", "/etc/passwd", "C:\\\\Windows\\\\win.ini",
      "file:///etc/passwd", "Self.net"})
  void everyImportIsReportedAsNotSupportedYet(String path) {
    String text = "import \"" + path + "\";\nnetwork N { input x: float[2]; dense(1); loss mse; }\n";
    CompileResult r = NetcCompiler.compile(new SourceFile("Self.net", text), "test.imports");
    String all = r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    assertTrue(r.hasErrors() && r.sources().isEmpty(), all);
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.pos().line() == 1
        && d.message().equals("import is not supported yet")), all);
    assertTrue(!all.contains("root:") && !all.contains("internal netc error"), all);
  }
}
