package dev.netc.dsl;

import static dev.netc.dsl.parser.NetLexer.ARROW;
import static dev.netc.dsl.parser.NetLexer.ASSIGN;
import static dev.netc.dsl.parser.NetLexer.COLON;
import static dev.netc.dsl.parser.NetLexer.COMMA;
import static dev.netc.dsl.parser.NetLexer.IDENT;
import static dev.netc.dsl.parser.NetLexer.INPUT;
import static dev.netc.dsl.parser.NetLexer.LBRACK;
import static dev.netc.dsl.parser.NetLexer.LPAREN;
import static dev.netc.dsl.parser.NetLexer.LOSS;
import static dev.netc.dsl.parser.NetLexer.MINUS;
import static dev.netc.dsl.parser.NetLexer.NUMBER;
import static dev.netc.dsl.parser.NetLexer.OPTIMIZER;
import static dev.netc.dsl.parser.NetLexer.OUTPUT;
import static dev.netc.dsl.parser.NetLexer.RBRACE;
import static dev.netc.dsl.parser.NetLexer.RBRACK;
import static dev.netc.dsl.parser.NetLexer.RETURN;
import static dev.netc.dsl.parser.NetLexer.RPAREN;
import static dev.netc.dsl.parser.NetLexer.SEMI;
import static dev.netc.dsl.parser.NetLexer.STRING;
import static dev.netc.dsl.parser.NetLexer.TRAINING;

import dev.netc.dsl.parser.NetLexer;
import dev.netc.dsl.parser.NetParser.ArgContext;
import dev.netc.dsl.parser.NetParser.BlockDeclContext;
import dev.netc.dsl.parser.NetParser.CallContext;
import dev.netc.dsl.parser.NetParser.DimContext;
import dev.netc.dsl.parser.NetParser.ExprContext;
import dev.netc.dsl.parser.NetParser.ImportDeclContext;
import dev.netc.dsl.parser.NetParser.InputDeclContext;
import dev.netc.dsl.parser.NetParser.ListContext;
import dev.netc.dsl.parser.NetParser.NetworkDeclContext;
import dev.netc.dsl.parser.NetParser.SettingContext;
import dev.netc.dsl.parser.NetParser.TrainingDeclContext;
import dev.netc.dsl.parser.NetParser.ValueStmtContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Plain-words syntax error messages built from ANTLR's expected-token sets. */
final class SyntaxMessages {

  /** Tokens that can start an expression; reported together as "an expression". */
  private static final Set<Integer> EXPRESSION_START = Set.of(IDENT, NUMBER, STRING, LBRACK, MINUS);
  /** Keywords that start a statement; with the expression starts, "a statement". */
  private static final Set<Integer> STATEMENT_KEYWORDS =
      Set.of(INPUT, OUTPUT, LOSS, OPTIMIZER, TRAINING, RETURN);
  private static final int MAX_TOKEN_TEXT = 24;

  private SyntaxMessages() {}

  /** "unexpected 'x', expected ';'" (or a more specific wording for a few contexts). */
  static String unexpected(Token token, IntervalSet expected, ParserRuleContext ctx) {
    String argument = namedArgumentWithoutValue(ctx);
    if (argument != null) {
      return "missing value for argument '" + argument + "'";
    }
    String what = describeExpected(expected, ctx);
    return "unexpected " + describe(token) + (what.isEmpty() ? "" : ", expected " + what);
  }

  /** "expected ';' after statement", "expected '}' to close network 'Mlp'", ... */
  static String missing(IntervalSet expected, ParserRuleContext ctx) {
    String specific = expected.size() == 1 ? missingSingle(expected.getMinElement(), ctx) : null;
    if (specific != null) {
      return specific;
    }
    String what = describeExpected(expected, ctx);
    return what.isEmpty() ? "syntax error" : "expected " + what;
  }

  /**
   * For an error at the end of the file inside a network, block or training body that could
   * still be closed: "expected '}' to close network 'Mlp'". Null otherwise.
   */
  static String unclosedAtEndOfFile(IntervalSet expected, ParserRuleContext ctx) {
    if (expected == null || !expected.contains(RBRACE)) {
      return null;
    }
    return missingSingle(RBRACE, ctx);
  }

  /**
   * The expected set for a decision that failed on the token after an identifier, which ANTLR
   * only knows for the identifier itself. The grammar has three such decisions: a statement
   * ({@code a dense(1);}), a training setting ({@code batch 64;}) and an argument
   * ({@code f(a b)}). Elsewhere the set is unknown and left out of the message.
   */
  static IntervalSet expectedAfter(Token start, ParserRuleContext ctx) {
    if (start == null || start.getType() != IDENT) {
      return new IntervalSet();
    }
    if (ctx instanceof ValueStmtContext) {
      return setOf(ASSIGN, LPAREN, ARROW, SEMI);
    }
    if (ctx instanceof SettingContext) {
      return setOf(COLON, LPAREN);
    }
    if (ctx instanceof ArgContext) {
      return setOf(COLON, LPAREN, COMMA, RPAREN);
    }
    return new IntervalSet();
  }

  private static IntervalSet setOf(int... types) {
    IntervalSet set = new IntervalSet();
    for (int type : types) {
      set.add(type);
    }
    return set;
  }

  private static String missingSingle(int type, ParserRuleContext ctx) {
    switch (type) {
      case IDENT:
        if (ctx instanceof NetworkDeclContext) {
          return "expected a network name";
        }
        if (ctx instanceof BlockDeclContext) {
          return "expected a block name";
        }
        return null;
      case SEMI:
        return ctx instanceof ImportDeclContext
            ? "expected ';' after import"
            : "expected ';' after statement";
      case RBRACE:
        if (ctx instanceof NetworkDeclContext n) {
          return "expected '}' to close network" + quoted(n.name);
        }
        if (ctx instanceof BlockDeclContext b) {
          return "expected '}' to close block" + quoted(b.name);
        }
        if (ctx instanceof TrainingDeclContext) {
          return "expected '}' to close training";
        }
        return null;
      case RPAREN:
        if (ctx instanceof CallContext c) {
          return "expected ')' to close the call to" + quoted(c.name);
        }
        if (ctx instanceof BlockDeclContext) {
          return "expected ')' after block parameters";
        }
        return null;
      case RBRACK:
        if (ctx instanceof ListContext) {
          return "expected ']' to close list";
        }
        if (ctx instanceof InputDeclContext) {
          return "expected ']' after dimensions";
        }
        return null;
      default:
        return null;
    }
  }

  /** The name of a named argument whose value is missing, as in {@code f(a: )}; else null. */
  private static String namedArgumentWithoutValue(ParserRuleContext ctx) {
    if (ctx instanceof ExprContext && ctx.getChildCount() == 0
        && ctx.getParent() instanceof ArgContext arg && present(arg.name)) {
      return arg.name.getText();
    }
    return null;
  }

  /** "';'", "a name", "an expression or ')'", "'network', 'block', 'import' or end of file". */
  static String describeExpected(IntervalSet expected, ParserRuleContext ctx) {
    if (expected == null) {
      return "";
    }
    List<Integer> types = new ArrayList<>(expected.toList());
    List<String> parts = new ArrayList<>();
    if (types.containsAll(STATEMENT_KEYWORDS) && types.containsAll(EXPRESSION_START)) {
      parts.add("a statement");
      types.removeAll(STATEMENT_KEYWORDS);
      types.removeAll(EXPRESSION_START);
    } else if (types.containsAll(EXPRESSION_START)) {
      parts.add("an expression");
      types.removeAll(EXPRESSION_START);
    }
    if (types.contains(NUMBER)) {
      types.remove(Integer.valueOf(MINUS)); // "a number" covers negative numbers
    }
    boolean endOfFile = false;
    for (int type : types) {
      if (type == Token.EOF) {
        endOfFile = true;
      } else {
        String name = describeType(type, ctx);
        if (name != null && !parts.contains(name)) {
          parts.add(name);
        }
      }
    }
    if (endOfFile) {
      parts.add("end of file");
    }
    return joinOr(parts);
  }

  private static String describeType(int type, ParserRuleContext ctx) {
    switch (type) {
      case IDENT:
        return "a name";
      case NUMBER:
        return inside(ctx, DimContext.class) ? "a dimension" : "a number";
      case STRING:
        return "a string";
      case NetLexer.BAD_NUMBER:
      case NetLexer.UNTERMINATED_STRING:
      case NetLexer.UNTERMINATED_COMMENT:
      case NetLexer.ERROR_CHAR:
        return null;
      default:
        String literal = NetLexer.VOCABULARY.getLiteralName(type);
        return literal != null ? literal : null;
    }
  }

  /** How a token is shown in "unexpected ...". */
  static String describe(Token token) {
    if (token == null || token.getType() == Token.EOF) {
      return "end of file";
    }
    String text = token.getText() == null ? "" : token.getText();
    if (text.codePointCount(0, text.length()) > MAX_TOKEN_TEXT) {
      text = text.substring(0, text.offsetByCodePoints(0, MAX_TOKEN_TEXT - 3)) + "...";
    }
    return token.getType() == STRING ? "string " + text : "'" + text + "'";
  }

  private static boolean inside(RuleContext ctx, Class<? extends RuleContext> kind) {
    for (RuleContext c = ctx; c != null; c = c.parent) {
      if (kind.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String quoted(Token name) {
    return present(name) ? " '" + name.getText() + "'" : "";
  }

  static boolean present(Token t) {
    return t != null && t.getTokenIndex() >= 0 && t.getType() != Token.EOF;
  }

  private static String joinOr(List<String> parts) {
    if (parts.isEmpty()) {
      return "";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
  }
}
