package dev.netc.codegen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.BundledLibrary;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.InMemorySources;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imports fall back to the netc library shipped in the codegen jar ({@link BundledLibrary}) when
 * the source roots have no file at the import's path: the written path is read from the library's
 * root, a user file at the same path wins, a library file imports only from the library, and the
 * import-path rules (no climbing, no absolute paths, no URLs) hold before the library is asked.
 * The library files used here are test resources under {@code netc/testing/}.
 */
class LibraryImportsTest {

  private static final String MAIN = """
      import "netc/testing/mlp.net";
      network Main {
        input x: float[3];
        library_mlp(4);
        loss mse;
      }
      """;

  private static CompileResult compile(String name, String text, Map<String, String> userFiles) {
    return NetcCompiler.compile(new SourceFile(name, text), "test.library", new InMemorySources(userFiles));
  }

  private static String format(CompileResult r) {
    return r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }

  /** Parameters of the one generated network: tells which block was expanded. */
  private static String summaryOf(CompileResult r) {
    assertFalse(r.hasErrors(), format(r));
    return r.sources().get(0).code();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Main.net", "a/b/Main.net"})
  void aLibraryFileIsFoundWhereverTheImporterIs(String name) {
    String code = summaryOf(compile(name, MAIN, Map.of()));
    // library_mlp -> library_hidden (tanh dense 3 -> 4) -> dense 4 -> 4, from two library files
    assertTrue(code.contains("library_hidden"), code);
    assertTrue(code.contains("tanh"), code);
  }

  @Test
  void aUserFileAtTheSamePathWins() {
    String user = """
        block library_mlp(x, units) {
          return dense(x, 7) -> dense(units);
        }
        """;
    String code = summaryOf(compile("Main.net", MAIN, Map.of("netc/testing/mlp.net", user)));
    assertFalse(code.contains("library_hidden"), "the user's file was not preferred:\n" + code);
    assertTrue(code.contains("[7]"), code);
  }

  @Test
  void aLibraryFileImportsFromTheLibraryOnly() {
    // a user file where the library's relative import would land is not read for the library
    String user = "block library_hidden(x, units) { return dense(x, 9); }\n";
    InMemorySources roots = new InMemorySources(Map.of("netc/testing/parts.net", user));
    CompileResult r = NetcCompiler.compile(new SourceFile("Main.net", MAIN), "test.library", roots);
    String code = summaryOf(r);
    assertFalse(code.contains("[9]"), code);
    assertTrue(code.contains("tanh"), code);
  }

  @Test
  void aMissingFileIsReportedAsBefore() {
    CompileResult r = compile("Main.net", "import \"netc/none.net\";\n" + MAIN.replace(
        "import \"netc/testing/mlp.net\";\n", ""), Map.of());
    assertEquals(List.of("1:8 cannot import \"netc/none.net\": there is no file netc/none.net in the source roots"),
        r.diagnostics().stream().map(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message()).toList());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"../netc/testing/mlp.net", "/netc/testing/mlp.net", "netc\\\\testing\\\\mlp.net",
      "jar:netc/testing/mlp.net", "netc/../../netc/testing/mlp.net"})
  void thePathRulesHoldBeforeTheLibraryIsAsked(String path) {
    CompileResult r = compile("a/Main.net", MAIN.replace("netc/testing/mlp.net", path), Map.of());
    assertTrue(r.hasErrors(), "imported " + path + " from the library");
    assertTrue(r.diagnostics().get(0).message().startsWith("import path ")
        || r.diagnostics().get(0).message().startsWith("cannot import "), format(r));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"../library/netc/testing/mlp.net", "netc/testing/", "netc//mlp.net", "netc/testing/mlp.txt",
      "/dev/netc/codegen/library/netc/testing/mlp.net"})
  void theLibraryItselfRefusesAnythingButAPlainRelativeNetPath(String path) {
    assertFalse(BundledLibrary.has(path), path);
    assertTrue(BundledLibrary.find(path) instanceof ImportResolver.Lookup.Failed, path);
  }

  @Test
  void theTransformerBlockShipsWithNetc() {
    String net = """
        import "netc/transformer.net";
        network Lm {
          input x: float[8, 12];
          b1 = transformer_block(12, 3, 48, true);
          transformer_block(12, 4, 24, false);
          loss mse;
        }
        """;
    String code = summaryOf(compile("nets/Lm.net", net, Map.of()));
    for (String layer : List.of("b1_layernorm_1", "b1_a", "b1_h", "b1_layernorm_2", "b1_time_dense_1", "b1_m", "b1")) {
      assertTrue(code.contains(" " + layer + " "), "no layer " + layer + " in\n" + code);
    }
    // a width that is not the input's: the residual add says so, inside the block, naming the call
    CompileResult wrong = compile("Lm.net", net.replace("(12, 4, 24, false)", "(16, 4, 24, false)"), Map.of());
    assertTrue(wrong.hasErrors());
    String message = wrong.diagnostics().get(0).message();
    assertTrue(message.startsWith("add: ") && message.contains("(in block transformer_block called at Lm.net:5:3)"),
        format(wrong));
    assertEquals("netc/transformer.net", wrong.diagnostics().get(0).pos().file());
  }

  @Test
  void theLibraryReadsItsOwnFiles() {
    assertTrue(BundledLibrary.has("netc/testing/mlp.net"));
    ImportResolver.Lookup found = BundledLibrary.find("netc/testing/parts.net");
    assertTrue(found instanceof ImportResolver.Lookup.Found f && f.source().text().contains("library_hidden"));
  }
}
