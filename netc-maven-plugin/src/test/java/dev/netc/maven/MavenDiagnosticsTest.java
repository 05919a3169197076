package dev.netc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.Diagnostic.Severity;
import dev.netc.dsl.SourcePos;
import org.junit.jupiter.api.Test;

class MavenDiagnosticsTest {

  @Test
  void compilerFormatWithSourceLineAndCaret() {
    Diagnostic d = new Diagnostic(Severity.ERROR, SourcePos.of("/p/src/main/net/Broken.net", 4, 13),
        "dense: unknown argument 'activaton', did you mean 'activation'?",
        "  dense(12, activaton: relu);");
    assertEquals(
        "/p/src/main/net/Broken.net:[4,13] dense: unknown argument 'activaton', did you mean"
            + " 'activation'?\n"
            + "  dense(12, activaton: relu);\n"
            + "            ^",
        MavenDiagnostics.format(d));
  }

  @Test
  void warningsUseTheSameFormat() {
    Diagnostic d = new Diagnostic(Severity.WARNING, SourcePos.of("/a/B.net", 1, 1), "unused", "x;");
    assertEquals("/a/B.net:[1,1] unused\nx;\n^", MavenDiagnostics.format(d));
  }

  @Test
  void caretKeepsTabsSoItLinesUp() {
    Diagnostic d = new Diagnostic(Severity.ERROR, SourcePos.of("/a/B.net", 2, 3), "m", "\t\tdense;");
    assertEquals("/a/B.net:[2,3] m\n\t\tdense;\n\t\t^", MavenDiagnostics.format(d));
  }

  @Test
  void caretMayPointPastTheEndOfTheLine() {
    Diagnostic d = new Diagnostic(Severity.ERROR, SourcePos.of("/a/B.net", 3, 9), "expected ';'",
        "  flatten");
    assertEquals("/a/B.net:[3,9] expected ';'\n  flatten\n        ^", MavenDiagnostics.format(d));
  }

  @Test
  void withoutSourceLineOnlyTheFirstLine() {
    Diagnostic d = new Diagnostic(Severity.ERROR, SourcePos.of("/a/B.net", 3, 9), "m", "");
    assertEquals("/a/B.net:[3,9] m", MavenDiagnostics.format(d));
  }

  @Test
  void withoutPositionJustTheFile() {
    Diagnostic d = new Diagnostic(Severity.ERROR, SourcePos.of("/a/B.net", 0, 0), "cannot read", "");
    assertEquals("/a/B.net: cannot read", MavenDiagnostics.format(d));
  }
}
