package dev.netc.dsl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * Replaces ANTLR's console listener for both lexer and parser: turns every report into a
 * {@link Diagnostic}. Messages arrive already worded by {@link CheckedLexer} and
 * {@link NetErrorStrategy}; columns arrive 0-based from ANTLR and leave 1-based.
 */
final class SyntaxErrorCollector extends BaseErrorListener {

  static final int MAX_DIAGNOSTICS = 50;
  /** Hard bound on what is kept before sorting, so pathological input cannot eat memory. */
  private static final int MAX_COLLECTED = 10 * MAX_DIAGNOSTICS;

  private final SourceFile source;
  private final List<Diagnostic> collected = new ArrayList<>();

  SyntaxErrorCollector(SourceFile source) {
    this.source = source;
  }

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer,
      Object offendingSymbol,
      int line,
      int charPositionInLine,
      String msg,
      RecognitionException e) {
    report(SourcePos.of(String.valueOf(source.name()), Math.max(line, 1), charPositionInLine + 1),
        plain(msg));
  }

  void report(SourcePos pos, String message) {
    if (collected.size() < MAX_COLLECTED) {
      collected.add(Diagnostic.error(pos, message, source));
    }
  }

  /**
   * Diagnostics sorted by position (stable, so reporting order breaks ties), one per position,
   * at most {@link #MAX_DIAGNOSTICS}.
   */
  List<Diagnostic> diagnostics() {
    List<Diagnostic> sorted = new ArrayList<>(collected);
    sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.pos().line())
        .thenComparingInt(d -> d.pos().column()));
    Set<SourcePos> seen = new HashSet<>();
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : sorted) {
      if (seen.add(d.pos()) && out.size() < MAX_DIAGNOSTICS) {
        out.add(d);
      }
    }
    return out;
  }

  /** Safety net for any ANTLR wording that did not go through our error strategy. */
  private static String plain(String msg) {
    if (msg == null || msg.isBlank()) {
      return "syntax error";
    }
    if (msg.startsWith("token recognition error at: ")) {
      return "unexpected character " + msg.substring("token recognition error at: ".length());
    }
    return msg;
  }
}
