package dev.netc.dsl;

import dev.netc.dsl.parser.NetLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.WritableToken;

/**
 * The generated lexer plus reporting of the grammar's error tokens: an unterminated string is
 * reported and handed on as a STRING (so the parser does not complain a second time); an
 * unterminated comment and a stray character are reported and dropped.
 */
final class CheckedLexer extends NetLexer {

  /**
   * Brackets deeper than this are refused before the recursive-descent parser (and the AST and
   * checker code after it) can recurse that deep: no real network nests more than a handful.
   */
  static final int MAX_NESTING = 200;

  /** Thrown out of the parser when brackets nest deeper than {@link #MAX_NESTING}. */
  static final class TooDeep extends RuntimeException {
    final Token token;

    TooDeep(Token token) {
      super(null, null, false, false);
      this.token = token;
    }
  }

  private int depth;

  CheckedLexer(CharStream input) {
    super(input);
  }

  @Override
  public Token nextToken() {
    while (true) {
      Token t = super.nextToken();
      switch (t.getType()) {
        case LPAREN, LBRACK, LBRACE -> {
          if (++depth > MAX_NESTING) {
            throw new TooDeep(t);
          }
          return t;
        }
        case RPAREN, RBRACK, RBRACE -> {
          depth = Math.max(0, depth - 1);
          return t;
        }
        case UNTERMINATED_STRING -> {
          report(t, "unterminated string");
          return retype(t, STRING);
        }
        case UNTERMINATED_COMMENT -> report(t, "unterminated comment");
        case ERROR_CHAR -> report(t, "unexpected character " + describe(t.getText()));
        default -> {
          return t;
        }
      }
    }
  }

  private void report(Token t, String message) {
    getErrorListenerDispatch()
        .syntaxError(this, t, t.getLine(), t.getCharPositionInLine(), message, null);
  }

  private static Token retype(Token t, int type) {
    WritableToken w = t instanceof WritableToken writable ? writable : new CommonToken(t);
    w.setType(type);
    return w;
  }

  /** {@code '#'}, or {@code U+0007} for characters that would not show up quoted. */
  static String describe(String text) {
    int cp = text == null || text.isEmpty() ? 0 : text.codePointAt(0);
    if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
        || !Character.isDefined(cp) || Character.getType(cp) == Character.FORMAT) {
      return String.format("U+%04X", cp);
    }
    return "'" + new String(Character.toChars(cp)) + "'";
  }
}
