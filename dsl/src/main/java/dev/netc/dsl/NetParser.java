package dev.netc.dsl;

import dev.netc.dsl.ast.CompilationUnit;
import java.util.List;
import java.util.Objects;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/**
 * Parses one `.net` file into an AST. Never throws on bad input and never prints: every problem
 * becomes a {@link Diagnostic} (at most {@value SyntaxErrorCollector#MAX_DIAGNOSTICS} per file).
 */
public final class NetParser {

  private NetParser() {}

  /**
   * Parses {@code source}; null text parses as an empty file.
   *
   * @param source the file name and text
   * @return the compilation unit and the syntax errors
   */
  public static ParseResult parse(SourceFile source) {
    Objects.requireNonNull(source, "source");
    SourceFile src = source.text() == null ? new SourceFile(source.name(), "") : source;
    String file = String.valueOf(src.name());
    SyntaxErrorCollector errors = new SyntaxErrorCollector(src);
    CompilationUnit unit;
    try {
      CheckedLexer lexer = new CheckedLexer(CharStreams.fromString(src.text(), file));
      lexer.removeErrorListeners();
      lexer.addErrorListener(errors);
      dev.netc.dsl.parser.NetParser parser =
          new dev.netc.dsl.parser.NetParser(new CommonTokenStream(lexer));
      parser.removeErrorListeners();
      parser.addErrorListener(errors);
      parser.setErrorHandler(new NetErrorStrategy());
      unit = new AstBuilder(src, errors).build(parser.compilationUnit());
    } catch (CheckedLexer.TooDeep e) {
      errors.report(SourcePos.of(file, e.token.getLine(), e.token.getCharPositionInLine() + 1),
          "nested too deeply: more than " + CheckedLexer.MAX_NESTING + " levels of brackets");
      unit = new CompilationUnit(src, List.of(), List.of(), List.of(), SourcePos.of(file, 1, 1));
    } catch (StackOverflowError e) {
      errors.report(SourcePos.of(file, 1, 1), "definition is nested too deeply to parse");
      unit = new CompilationUnit(src, List.of(), List.of(), List.of(), SourcePos.of(file, 1, 1));
    }
    return new ParseResult(unit, errors.diagnostics());
  }
}
