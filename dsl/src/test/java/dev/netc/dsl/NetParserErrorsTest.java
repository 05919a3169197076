package dev.netc.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.InputDecl;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.ValueStmt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Syntax errors: exact position (line:col) and wording. */
class NetParserErrorsTest {

  /** "line:col: message" for every diagnostic, in order. */
  private static List<String> errors(String text) {
    ParseResult result = Samples.parse(text);
    assertTrue(result.hasErrors());
    assertTrue(result.unit() != null);
    return result.diagnostics().stream()
        .map(d -> d.pos().line() + ":" + d.pos().column() + ": " + d.message())
        .toList();
  }

  @Test
  void missingSemicolonIsReportedAfterTheStatement() {
    assertEquals(List.of("2:12: expected ';' after statement"), errors("""
        network A {
          dense(10)
          dropout(0.2);
        }
        """));
    assertEquals(List.of("1:22: expected ';' after statement"),
        errors("block b(x) { return x }"));
    assertEquals(List.of("1:15: expected ';' after import"), errors("import \"a.net\"\n"));
  }

  @Test
  void missingClosingBrace() {
    assertEquals(List.of("2:13: expected '}' to close network 'A'"), errors("""
        network A {
          dense(10);
        """));
    assertEquals(List.of("1:34: expected '}' to close training"),
        errors("network A { training { batch: 64;\n"));
  }

  @Test
  void malformedNumbers() {
    assertEquals(List.of(
        "1:17: malformed number '1e'",
        "1:25: malformed number '1.'",
        "1:33: malformed number '.5' (write 0.5)",
        "1:41: malformed number '12ab'",
        "1:51: malformed number '1.2.3'",
        "1:62: malformed number '2e+'"),
        errors("network A { x = 1e; y = 1.; z = .5; w = 12ab; v = 1.2.3; u = 2e+; }"));
    assertEquals(List.of("1:17: number '1e999' is too large"), errors("network A { x = 1e999; }"));
  }

  @Test
  void unterminatedString() {
    assertEquals(List.of("1:8: unterminated string", "1:20: expected ';' after import"),
        errors("import \"blocks.net;\nnetwork A { }\n"));
  }

  @Test
  void unterminatedComment() {
    assertEquals(List.of(
        "1:12: expected '}' to close network 'A'",
        "1:13: unterminated comment"),
        errors("network A { /* oops\n  dense(10);\n}\n"));
  }

  @Test
  void strayCharacters() {
    assertEquals(List.of("1:21: unexpected character '@'"), errors("network A { dense(1)@; }"));
    assertEquals(List.of("2:14: unexpected character '#'"),
        errors("network A {\n  dense(10); # not a comment\n}")
            .subList(0, 1));
    assertEquals(List.of("1:20: unexpected character U+0007"),
        errors("network A { dense(1\u0007); }"));
  }

  @Test
  void inputWithoutDimensions() {
    assertEquals(List.of("1:28: unexpected ']', expected a dimension"),
        errors("network A { input x: float[]; }"));
    assertEquals(List.of("1:30: unexpected ']', expected a dimension"),
        errors("network A { input x: float[2,]; }"));
    assertEquals(List.of("1:20: expected ':'"), errors("network A { input x float[2]; }"));
  }

  @Test
  void dimensionsMustBePositiveIntegers() {
    assertEquals(List.of(
        "1:31: dimension must be a positive integer, got '0'",
        "1:34: dimension must be a positive integer, got '2.5'",
        "1:39: dimension must be a positive integer, got '-1'",
        "1:43: dimension '99999999999' is too large"),
        errors("network A { input x: float[2, 0, 2.5, -1, 99999999999]; }"));
  }

  @Test
  void namedArgumentWithoutValue() {
    assertEquals(List.of("1:36: missing value for argument 'activation'"),
        errors("network A { dense(256, activation: ); }"));
    assertEquals(List.of("1:30: unexpected ')', expected an expression"),
        errors("network A { dense(units: 10, ); }"));
  }

  @Test
  void unexpectedTokens() {
    assertEquals(List.of("1:1: unexpected 'foo', expected 'network', 'block', 'import' or end of file"),
        errors("foo"));
    assertEquals(List.of("1:8: expected a network name"), errors("network { }"));
    assertEquals(List.of("1:13: unexpected '=', expected a statement or '}'"),
        errors("network A { = 3; }"));
    assertEquals(List.of("1:23: unexpected ';', expected a statement or '}'"),
        errors("network A { dense(10);; }"));
    assertEquals(List.of("1:26: unexpected ';', expected an expression"),
        errors("network A { dense(10) -> ; }"));
    assertEquals(List.of("1:15: unexpected 'dense', expected '->', '(', ';' or '='"),
        errors("network A { a dense(10); }"));
    assertEquals(List.of("1:30: unexpected '64', expected '(' or ':'"),
        errors("network A { training { batch 64; }").subList(0, 1));
    assertEquals(List.of("1:8: unexpected 'blocks', expected a string"),
        errors("import blocks;"));
    assertEquals(List.of("1:10: unexpected end of file, expected '{'"), errors("network A"));
    assertEquals(List.of("1:18: expected a number"), errors("network A { x = - ; }"));
  }

  @Test
  void unclosedCallsAndLists() {
    assertEquals(List.of("1:21: unexpected ';', expected ')' or ','"),
        errors("network A { dense(10;\n}"));
    assertEquals(List.of("1:22: unexpected ';', expected ']' or ','"),
        errors("network A { a = [1, 2; }"));
  }

  @Test
  void invalidEscapeInString() {
    assertEquals(List.of("1:19: invalid escape '\\q' in string (only \\\" and \\\\ are allowed)"),
        errors("network A { s = \"a\\qb\\\"c\"; }"));
  }

  @Test
  void severalErrorsAreReportedTogetherAndTheTreeSurvives() {
    String text = """
        network A {
          input image: float[28 28];
          dense(10 activation: relu);
          x = [1, 2;
          loss mse
        }
        """;
    assertEquals(List.of(
        "2:25: unexpected '28', expected ']' or ','",
        "3:12: unexpected 'activation', expected ')' or ','",
        "4:12: unexpected ';', expected ']' or ','",
        "5:11: expected ';' after statement"),
        errors(text));
    NetworkDecl net = Samples.parse(text).unit().networks().get(0);
    assertEquals("A", net.name());
    assertEquals(List.of(28), assertInstanceOf(InputDecl.class, net.members().get(0)).dims());
    assertEquals("dense", assertInstanceOf(Call.class,
        assertInstanceOf(ValueStmt.class, net.members().get(1)).chain().stages().get(0)).name());
    assertInstanceOf(LossDecl.class, net.members().get(net.members().size() - 1));
  }

  @Test
  void formatShowsTheLineAndACaret() {
    ParseResult result = Samples.parse("network A {\n\tdense(10)\n}\n");
    assertEquals(1, result.diagnostics().size());
    assertEquals("test.net:2:11: expected ';' after statement\n"
        + "\tdense(10)\n"
        + "\t         ^", result.diagnostics().get(0).format());

    ParseResult string = Samples.parse("import \"oops;\n");
    assertEquals("test.net:1:8: unterminated string\n"
        + "import \"oops;\n"
        + "       ^", string.diagnostics().get(0).format());
  }

  @Test
  void diagnosticsAreCappedAtFiftyAndSorted() {
    StringBuilder text = new StringBuilder("network A {\n");
    for (int i = 0; i < 80; i++) {
      text.append("  x = 1e; #\n");
    }
    text.append("}\n");
    List<Diagnostic> diagnostics = Samples.parse(text.toString()).diagnostics();
    assertEquals(50, diagnostics.size());
    assertEquals("malformed number '1e'", diagnostics.get(0).message());
    assertEquals(SourcePos.of("test.net", 2, 7), diagnostics.get(0).pos());
    assertEquals("unexpected character '#'", diagnostics.get(1).message());
    for (int i = 1; i < diagnostics.size(); i++) {
      SourcePos a = diagnostics.get(i - 1).pos();
      SourcePos b = diagnostics.get(i).pos();
      assertTrue(a.line() < b.line() || a.line() == b.line() && a.column() < b.column());
    }
  }

  @Test
  void deepNestingIsAnErrorNotACrash() {
    String text = "network A { x = " + "[".repeat(100_000) + " ; }";
    ParseResult result = Samples.parse(text);
    assertTrue(result.hasErrors());
  }

  @Test
  void nothingIsPrinted() {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      System.setOut(capture);
      assertFalse(Samples.parse("network { ]]] \"x\n /* # @ 1e").diagnostics().isEmpty());
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }
}
