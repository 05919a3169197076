package dev.netc.codegen.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code src/test/resources/malformed/} has one or a few problems, and says on its
 * first lines exactly which diagnostics netc must report:
 *
 * <pre>
 * // expect: 4:3 unknown op 'dnse', did you mean 'dense'?
 * // expect-warning: 6:8 kl_divergence expects log-probabilities; end the network with log_softmax
 * </pre>
 *
 * The set of (severity, line, column, message) must match exactly: a missing diagnostic is a
 * problem netc does not see, an extra one is a cascade or a duplicate.
 */
class MalformedFilesTest {

  private static final Pattern EXPECT =
      Pattern.compile("^// (expect|expect-warning): (\\d+):(\\d+) (.+)$");
  /** Names such as NullPointerException or StackOverflowError must never reach the user. */
  private static final Pattern EXCEPTION_NAME = Pattern.compile("[A-Za-z]*(Exception|Error)\\b");

  static Stream<String> files() throws IOException {
    try (Stream<Path> list = Files.list(directory())) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".net")).sorted()
          .toList().stream();
    }
  }

  private static Path directory() {
    URL url = MalformedFilesTest.class.getResource("/malformed");
    if (url == null) {
      throw new IllegalStateException("src/test/resources/malformed is not on the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One expected or reported diagnostic, comparable as a string. */
  private static String key(boolean error, int line, int column, String message) {
    return (error ? "error" : "warning") + " " + line + ":" + column + " " + message;
  }

  @Test
  void thereAreEnoughCases() throws IOException {
    assertTrue(files().count() >= 20, "expected at least 20 malformed files");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void reportsExactlyTheExpectedDiagnostics(String fileName) throws IOException {
    String text = Files.readString(directory().resolve(fileName), StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    assertTrue(!lines.isEmpty() && EXPECT.matcher(lines.get(0)).matches(),
        fileName + ": the first line must be a `// expect: line:col message` comment");

    List<String> expected = new ArrayList<>();
    for (String line : lines) {
      Matcher m = EXPECT.matcher(line);
      if (m.matches()) {
        expected.add(key(m.group(1).equals("expect"), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)), m.group(4)));
      }
    }
    assertTrue(expected.stream().anyMatch(e -> e.startsWith("error ")),
        fileName + ": a malformed file must expect at least one error");

    CompileResult result = NetcCompiler.compile(new SourceFile(fileName, text), "test.malformed");

    List<String> actual = new ArrayList<>();
    for (Diagnostic d : result.diagnostics()) {
      actual.add(key(d.isError(), d.pos().line(), d.pos().column(), d.message()));
    }
    List<String> sortedExpected = expected.stream().sorted().toList();
    List<String> sortedActual = actual.stream().sorted().toList();
    if (!sortedExpected.equals(sortedActual)) {
      fail(fileName + ": diagnostics differ\nexpected:\n  " + String.join("\n  ", sortedExpected)
          + "\nactual:\n  " + String.join("\n  ", sortedActual) + "\nformatted:\n"
          + result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    }
    assertTrue(result.hasErrors(), fileName + ": must fail");
    assertTrue(result.sources().isEmpty(), fileName + ": no sources for a file with errors");

    for (Diagnostic d : result.diagnostics()) {
      assertFalse(d.isInternal(), d.format());
      assertFalse(EXCEPTION_NAME.matcher(d.message()).find(), "exception name in: " + d.format());
      assertFalse(d.message().contains("\n"), "one-line messages: " + d.format());
      assertEquals(fileName, d.pos().file(), "diagnostics name the file");
      checkFormat(d, lines);
    }
  }

  /** {@code file:line:col: message}, then the source line, then a caret under the column. */
  private static void checkFormat(Diagnostic d, List<String> lines) {
    int line = d.pos().line();
    int column = d.pos().column();
    assertTrue(line >= 1 && line <= lines.size(), "line in range: " + d.format());
    String source = lines.get(line - 1);
    assertTrue(column >= 1 && column <= source.length() + 1, "column in range: " + d.format());

    String[] parts = d.format().split("\n", -1);
    assertEquals(3, parts.length, "header, source line, caret line: " + d.format());
    assertEquals(d.pos().file() + ":" + line + ":" + column + ": "
        + (d.isError() ? "" : "warning: ") + d.message(), parts[0]);
    assertEquals(source, parts[1]);
    String caret = parts[2];
    assertEquals(column - 1, caret.indexOf('^'), "caret column: " + d.format());
    assertTrue(caret.endsWith("^") && caret.substring(0, column - 1).isBlank(),
        "caret line is blanks then '^': " + d.format());
  }
}
