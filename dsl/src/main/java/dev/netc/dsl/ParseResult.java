package dev.netc.dsl;

import dev.netc.dsl.ast.CompilationUnit;
import java.util.List;

/**
 * What {@link NetParser#parse} returns: a compilation unit (never null, best effort when the
 * source has syntax errors) and the problems found, sorted by position.
 */
public record ParseResult(CompilationUnit unit, List<Diagnostic> diagnostics) {

  public ParseResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
