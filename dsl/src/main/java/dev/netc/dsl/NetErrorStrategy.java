package dev.netc.dsl;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's default recovery (single-token insertion/deletion, resync to the follow set) with the
 * reports reworded by {@link SyntaxMessages}. An unexpected token is reported at the token; a
 * missing token is reported just after the previous token, where it should have been written.
 */
final class NetErrorStrategy extends DefaultErrorStrategy {

  /** Replaces the default dispatch, which would print unknown exception types to stderr. */
  @Override
  public void reportError(Parser parser, RecognitionException e) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    Token offending = e.getOffendingToken() != null ? e.getOffendingToken() : parser.getCurrentToken();
    IntervalSet expected = expectedOrEmpty(e);
    if (e instanceof NoViableAltException nva && nva.getStartToken() != offending) {
      expected = SyntaxMessages.expectedAfter(nva.getStartToken(), parser.getContext());
    }
    reportUnexpected(parser, offending, expected, e);
  }

  @Override
  protected void reportUnwantedToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    reportUnexpected(parser, parser.getCurrentToken(), getExpectedTokens(parser), null);
  }

  @Override
  protected void reportMissingToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    reportAfterPrevious(parser, SyntaxMessages.missing(getExpectedTokens(parser), parser.getContext()));
  }

  private static void reportUnexpected(
      Parser parser, Token token, IntervalSet expected, RecognitionException e) {
    if (token.getType() == Token.EOF) {
      String unclosed = SyntaxMessages.unclosedAtEndOfFile(expected, parser.getContext());
      if (unclosed != null) {
        reportAfterPrevious(parser, unclosed);
        return;
      }
    }
    report(parser, token, SyntaxMessages.unexpected(token, expected, parser.getContext()), e);
  }

  /** Reports at the end of the previous token: where the missing text should have been. */
  private static void reportAfterPrevious(Parser parser, String message) {
    Token at = parser.getCurrentToken();
    Token previous = parser.getInputStream().index() > 0 ? parser.getInputStream().LT(-1) : null;
    if (previous == null || previous.getType() == Token.EOF) {
      report(parser, at, message, null);
    } else {
      String text = previous.getText() == null ? "" : previous.getText();
      int end = previous.getCharPositionInLine() + text.codePointCount(0, text.length());
      parser.getErrorListenerDispatch()
          .syntaxError(parser, previous, previous.getLine(), end, message, null);
    }
  }

  private static void report(Parser parser, Token t, String message, RecognitionException e) {
    parser.getErrorListenerDispatch()
        .syntaxError(parser, t, t.getLine(), t.getCharPositionInLine(), message, e);
  }

  private static IntervalSet expectedOrEmpty(RecognitionException e) {
    try {
      IntervalSet set = e.getExpectedTokens();
      return set == null ? new IntervalSet() : set;
    } catch (RuntimeException ignored) {
      return new IntervalSet();
    }
  }
}
