package dev.netc.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Deep nesting is refused by a fixed limit, with its position, whatever the thread's stack. */
class NestingLimitTest {

  private static ParseResult parse(String text) {
    return NetParser.parse(new SourceFile("Deep.net", text));
  }

  @Test
  void nestingPastTheLimitIsOneClearErrorAtTheBracket() {
    String text = "network N {\n  input x: float[4];\n  reshape(" + "[".repeat(1000) + "1" + "]".repeat(1000)
        + ");\n}\n";
    ParseResult r = parse(text);
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    Diagnostic d = r.diagnostics().get(0);
    assertTrue(d.message().startsWith("nested too deeply: more than 200 levels"), d.message());
    assertEquals(3, d.pos().line());
  }

  @Test
  void nestingAtTheLimitParses() {
    // network { and call ( are two levels; the list brackets fill the rest
    int lists = CheckedLexer.MAX_NESTING - 2;
    String text = "network N { input x: float[4]; reshape(" + "[".repeat(lists) + "1" + "]".repeat(lists) + "); }";
    ParseResult r = parse(text);
    assertFalse(r.diagnostics().stream().anyMatch(d -> d.message().contains("nested")), r.diagnostics().toString());
  }

  @Test
  void manyBracketsInSequenceAreNotNesting() {
    StringBuilder s = new StringBuilder("network N { input x: float[4];\n");
    for (int i = 0; i < 5000; i++) {
      s.append("  dense([1], [[2]]);\n");
    }
    ParseResult r = parse(s.append("}\n").toString());
    assertFalse(r.diagnostics().stream().anyMatch(d -> d.message().contains("nested")));
  }

  @Test
  void deepNestingOnATinyStackIsStillAClearError() throws Exception {
    String text = "network N { input x: float[4]; " + "dense(".repeat(100_000) + ")".repeat(100_000) + "; }";
    ParseResult[] out = new ParseResult[1];
    Thread t = new Thread(null, () -> out[0] = parse(text), "tiny", 128 * 1024);
    t.start();
    t.join();
    // either the fixed limit or, on a stack too small even for that, the overflow guard
    assertTrue(out[0].diagnostics().get(0).message().contains("nested too deeply"), out[0].diagnostics().toString());
  }
}
