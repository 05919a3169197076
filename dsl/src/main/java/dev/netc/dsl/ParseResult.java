package dev.netc.dsl;

import dev.netc.dsl.ast.CompilationUnit;
import java.util.List;

/**
 * What {@link NetParser#parse} returns: a compilation unit (never null, best effort when the
 * source has syntax errors) and the problems found, sorted by position.
 */
public record ParseResult(CompilationUnit unit, List<Diagnostic> diagnostics) {

  /**
   * Copies the diagnostics, so the result cannot change.
   *
   * @param unit the compilation unit, never null
   * @param diagnostics the problems found, sorted by position
   */
  public ParseResult {
    diagnostics = List.copyOf(diagnostics);
  }

  /** {@return whether any diagnostic is an error} */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
