package dev.netc.dsl;

import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.BlockDecl;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Chain;
import dev.netc.dsl.ast.CompilationUnit;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.ImportDecl;
import dev.netc.dsl.ast.InputDecl;
import dev.netc.dsl.ast.ListLit;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.NumberLit;
import dev.netc.dsl.ast.OptimizerDecl;
import dev.netc.dsl.ast.OutputDecl;
import dev.netc.dsl.ast.ReturnStmt;
import dev.netc.dsl.ast.Setting;
import dev.netc.dsl.ast.StringLit;
import dev.netc.dsl.ast.TrainingDecl;
import dev.netc.dsl.ast.ValueStmt;
import dev.netc.dsl.parser.NetParser.ArgContext;
import dev.netc.dsl.parser.NetParser.BlockDeclContext;
import dev.netc.dsl.parser.NetParser.CallContext;
import dev.netc.dsl.parser.NetParser.ChainContext;
import dev.netc.dsl.parser.NetParser.CompilationUnitContext;
import dev.netc.dsl.parser.NetParser.DimContext;
import dev.netc.dsl.parser.NetParser.ExprContext;
import dev.netc.dsl.parser.NetParser.IdentContext;
import dev.netc.dsl.parser.NetParser.ImportDeclContext;
import dev.netc.dsl.parser.NetParser.InputDeclContext;
import dev.netc.dsl.parser.NetParser.ListContext;
import dev.netc.dsl.parser.NetParser.MemberContext;
import dev.netc.dsl.parser.NetParser.NetworkDeclContext;
import dev.netc.dsl.parser.NetParser.NumberContext;
import dev.netc.dsl.parser.NetParser.SettingContext;
import dev.netc.dsl.parser.NetParser.StringContext;
import dev.netc.dsl.parser.NetParser.TopLevelContext;
import dev.netc.dsl.parser.NetParser.ValueStmtContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns the parse tree into AST records. After a syntax error the tree has holes (null
 * children, tokens conjured by error recovery, tokens skipped as error nodes); the builder
 * drops whatever it cannot build instead of throwing: a member without its expression is left
 * out, a missing name becomes "". It also reports the few errors that need the token text:
 * malformed numbers, bad dimensions, invalid string escapes.
 */
final class AstBuilder {

  private final SourceFile source;
  private final String file;
  private final SyntaxErrorCollector errors;

  AstBuilder(SourceFile source, SyntaxErrorCollector errors) {
    this.source = source;
    this.file = String.valueOf(source.name());
    this.errors = errors;
  }

  CompilationUnit build(CompilationUnitContext ctx) {
    List<ImportDecl> imports = new ArrayList<>();
    List<BlockDecl> blocks = new ArrayList<>();
    List<NetworkDecl> networks = new ArrayList<>();
    if (ctx != null) {
      for (TopLevelContext top : ctx.topLevel()) {
        addIfPresent(imports, importDecl(top.importDecl()));
        addIfPresent(blocks, blockDecl(top.blockDecl()));
        addIfPresent(networks, networkDecl(top.networkDecl()));
      }
    }
    return new CompilationUnit(source, List.copyOf(imports), List.copyOf(blocks),
        List.copyOf(networks), SourcePos.of(file, 1, 1));
  }

  private ImportDecl importDecl(ImportDeclContext ctx) {
    if (ctx == null || !present(ctx.path)) {
      return null;
    }
    return new ImportDecl(unquote(ctx.path), pos(ctx.path), pos(ctx.start));
  }

  private BlockDecl blockDecl(BlockDeclContext ctx) {
    if (ctx == null) {
      return null;
    }
    List<Ident> params = ctx.params() == null ? List.of() : idents(ctx.params().IDENT());
    return new BlockDecl(name(ctx.name), posOr(ctx.name, ctx), params, members(ctx.member()),
        pos(ctx.start));
  }

  private NetworkDecl networkDecl(NetworkDeclContext ctx) {
    if (ctx == null) {
      return null;
    }
    return new NetworkDecl(name(ctx.name), posOr(ctx.name, ctx), members(ctx.member()),
        pos(ctx.start));
  }

  private List<Member> members(List<MemberContext> contexts) {
    return map(contexts, this::member);
  }

  private Member member(MemberContext ctx) {
    if (ctx.inputDecl() != null) {
      return inputDecl(ctx.inputDecl());
    }
    if (ctx.outputDecl() != null) {
      return new OutputDecl(idents(ctx.outputDecl().IDENT()), pos(ctx.start));
    }
    if (ctx.lossDecl() != null) {
      Expr value = expr(ctx.lossDecl().expr());
      return value == null ? null : new LossDecl(value, pos(ctx.start));
    }
    if (ctx.optimizerDecl() != null) {
      Expr value = expr(ctx.optimizerDecl().expr());
      return value == null ? null : new OptimizerDecl(value, pos(ctx.start));
    }
    if (ctx.trainingDecl() != null) {
      return new TrainingDecl(map(ctx.trainingDecl().setting(), this::setting), pos(ctx.start));
    }
    if (ctx.returnStmt() != null) {
      Chain chain = chain(ctx.returnStmt().chain());
      return chain == null ? null : new ReturnStmt(chain, pos(ctx.start));
    }
    if (ctx.valueStmt() != null) {
      return valueStmt(ctx.valueStmt());
    }
    return null;
  }

  private InputDecl inputDecl(InputDeclContext ctx) {
    List<Integer> dims = map(ctx.dim(), this::dim);
    return new InputDecl(name(ctx.name), name(ctx.type), posOr(ctx.type, ctx), dims,
        pos(ctx.start));
  }

  private Integer dim(DimContext ctx) {
    NumberLit n = number(ctx.number());
    if (n == null) {
      return null;
    }
    if (!n.integral() || n.value() < 1) {
      errors.report(n.pos(), "dimension must be a positive integer, got '" + n.text() + "'");
      return null;
    }
    if (n.value() > Integer.MAX_VALUE) {
      errors.report(n.pos(), "dimension '" + n.text() + "' is too large");
      return null;
    }
    return (int) n.value();
  }

  private Setting setting(SettingContext ctx) {
    if (present(ctx.key)) {
      Expr value = expr(ctx.expr());
      return value == null ? null : new Setting(ctx.key.getText(), value, pos(ctx.start));
    }
    Call call = call(ctx.call());
    return call == null ? null : new Setting(null, call, pos(ctx.start));
  }

  private ValueStmt valueStmt(ValueStmtContext ctx) {
    Chain chain = chain(ctx.chain());
    if (chain == null) {
      return null;
    }
    boolean named = present(ctx.name);
    return new ValueStmt(named ? ctx.name.getText() : null, named ? pos(ctx.name) : null, chain,
        pos(ctx.start));
  }

  private Chain chain(ChainContext ctx) {
    if (ctx == null) {
      return null;
    }
    List<Expr> stages = map(ctx.expr(), this::expr);
    return stages.isEmpty() ? null : new Chain(stages, stages.get(0).pos());
  }

  private Expr expr(ExprContext ctx) {
    if (ctx == null) {
      return null;
    }
    if (ctx.call() != null) {
      return call(ctx.call());
    }
    if (ctx.ident() != null) {
      return ident(ctx.ident());
    }
    if (ctx.number() != null) {
      return number(ctx.number());
    }
    if (ctx.string() != null) {
      return string(ctx.string());
    }
    if (ctx.list() != null) {
      return list(ctx.list());
    }
    return null;
  }

  private Call call(CallContext ctx) {
    if (ctx == null || !present(ctx.name)) {
      return null;
    }
    return new Call(ctx.name.getText(), map(ctx.arg(), this::arg), pos(ctx.name));
  }

  private Arg arg(ArgContext ctx) {
    Expr value = expr(ctx.expr());
    if (value == null) {
      return null;
    }
    return new Arg(present(ctx.name) ? ctx.name.getText() : null, value, pos(ctx.start));
  }

  private Ident ident(IdentContext ctx) {
    Token t = token(ctx.IDENT());
    return t == null ? null : new Ident(t.getText(), pos(t));
  }

  private NumberLit number(NumberContext ctx) {
    if (ctx == null) {
      return null;
    }
    boolean negative = token(ctx.MINUS()) != null;
    Token bad = token(ctx.BAD_NUMBER());
    if (bad != null) {
      String hint = bad.getText().startsWith(".") ? " (write 0" + bad.getText() + ")" : "";
      errors.report(pos(bad), "malformed number '" + bad.getText() + "'" + hint);
      return null;
    }
    Token t = token(ctx.NUMBER());
    if (t == null) {
      return null;
    }
    String text = (negative ? "-" : "") + t.getText();
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      errors.report(pos(t), "malformed number '" + text + "'");
      return null;
    }
    if (Double.isInfinite(value)) {
      errors.report(pos(ctx.start), "number '" + text + "' is too large");
      return null;
    }
    return new NumberLit(value, isLong(text), text, pos(ctx.start));
  }

  private static boolean isLong(String text) {
    if (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
      return false;
    }
    try {
      Long.parseLong(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private StringLit string(StringContext ctx) {
    Token t = token(ctx.STRING());
    return t == null ? null : new StringLit(unquote(t), pos(t));
  }

  private ListLit list(ListContext ctx) {
    return new ListLit(map(ctx.expr(), this::expr), pos(ctx.start));
  }

  /**
   * The value of a string token: quotes removed, {@code \"} and {@code \\} unescaped. Other
   * escapes are reported and kept as written. Tolerates a missing closing quote (an
   * unterminated string that the lexer already reported).
   */
  private String unquote(Token t) {
    String text = t.getText();
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        break;
      }
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == '"' || next == '\\') {
          out.append(next);
        } else {
          int cp = text.codePointAt(i + 1);
          String escape = "\\" + new String(Character.toChars(cp));
          errors.report(
              SourcePos.of(file, t.getLine(), t.getCharPositionInLine() + 1 + text.codePointCount(0, i)),
              "invalid escape '" + escape + "' in string (only \\\" and \\\\ are allowed)");
          out.append(escape);
          i += Character.charCount(cp) - 1;
        }
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private List<Ident> idents(List<TerminalNode> nodes) {
    List<Ident> out = new ArrayList<>();
    for (TerminalNode node : nodes) {
      Token t = token(node);
      if (t != null) {
        out.add(new Ident(t.getText(), pos(t)));
      }
    }
    return List.copyOf(out);
  }

  /** The token of a terminal node, or null when absent, conjured or skipped by recovery. */
  private static Token token(TerminalNode node) {
    if (node == null || node instanceof ErrorNode) {
      return null;
    }
    Token t = node.getSymbol();
    return present(t) ? t : null;
  }

  private static boolean present(Token t) {
    return SyntaxMessages.present(t);
  }

  private static String name(Token t) {
    return present(t) ? t.getText() : "";
  }

  private SourcePos pos(Token t) {
    return SourcePos.of(file, Math.max(t.getLine(), 1), t.getCharPositionInLine() + 1);
  }

  private SourcePos posOr(Token t, ParserRuleContext fallback) {
    return pos(present(t) ? t : fallback.start);
  }

  private static <C, T> List<T> map(List<C> contexts, Function<C, T> build) {
    List<T> out = new ArrayList<>();
    for (C c : contexts) {
      addIfPresent(out, build.apply(c));
    }
    return List.copyOf(out);
  }

  private static <T> void addIfPresent(List<T> list, T item) {
    if (item != null) {
      list.add(item);
    }
  }
}
