package dev.netc.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random mutations of the sample sources never make the parser throw, print or babble. */
class NetParserFuzzTest {

  private static final List<String> SOURCES =
      List.of(Samples.FASHION_MLP, Samples.SMALL_RES_NET, Samples.CHAR_LSTM);
  private static final String[] SNIPPETS = {
    "{", "}", "(", ")", "[", "]", ";", ",", ":", "=", "->", "-", ".", "\"", "\\", "/*", "*/", "//",
    "#", "@", "\n", "\t", " ", "1e", "1.", ".5", "0", "-7", "x", "network", "input", "output",
    "loss", "optimizer", "training", "block", "import", "return", "é", "\u0000", "\uD83D\uDE00",
    "\uD800", "\r"
  };
  private static final List<String> ANTLR_WORDING = List.of(
      "mismatched input", "extraneous input", "no viable alternative", "<missing", "<EOF>",
      "token recognition error", "expecting");

  @Test
  void twoThousandMutationsNeverThrow() {
    Random random = new Random(20240601L);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int withErrors = 0;
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      for (int i = 0; i < 2_000; i++) {
        String source = SOURCES.get(random.nextInt(SOURCES.size()));
        String mutated = mutate(source, random);
        ParseResult result = NetParser.parse(new SourceFile("fuzz" + i + ".net", mutated));
        check(result, mutated);
        withErrors += result.hasErrors() ? 1 : 0;
      }
    } finally {
      System.setErr(err);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
    assertTrue(withErrors > 1_000, "mutations should mostly break the sources: " + withErrors);
  }

  private static void check(ParseResult result, String text) {
    assertNotNull(result.unit());
    assertNotNull(result.unit().networks());
    assertTrue(result.diagnostics().size() <= 50);
    int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
    for (Diagnostic d : result.diagnostics()) {
      assertTrue(d.pos().line() >= 1 && d.pos().line() <= lines, d::format);
      assertTrue(d.pos().column() >= 1, d::format);
      assertFalse(d.message().isBlank());
      for (String antlr : ANTLR_WORDING) {
        assertFalse(d.message().contains(antlr), () -> d.format() + "\n--- in:\n" + text);
      }
      assertNotNull(d.format());
    }
  }

  private static String mutate(String source, Random random) {
    StringBuilder s = new StringBuilder(source);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && s.length() > 0; e++) {
      int at = random.nextInt(s.length());
      int len = Math.min(s.length() - at, 1 + random.nextInt(12));
      switch (random.nextInt(5)) {
        case 0 -> s.delete(at, at + len);
        case 1 -> s.insert(at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
        case 2 -> s.replace(at, at + 1, SNIPPETS[random.nextInt(SNIPPETS.length)]);
        case 3 -> s.insert(random.nextInt(s.length()), s.substring(at, at + len));
        default -> s.setLength(at);
      }
    }
    return s.toString();
  }
}
