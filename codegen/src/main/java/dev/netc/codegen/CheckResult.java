package dev.netc.codegen;

import dev.netc.codegen.ir.Graph;
import dev.netc.dsl.Diagnostic;
import java.util.List;

/**
 * What checking one {@code .net} file found ({@link NetcCompiler#check}): diagnostics, and when
 * there were no errors the checked graph of every network the file declares, in declaration
 * order. An imported file's networks are not among them.
 *
 * @param diagnostics every error and warning, in source order
 * @param graphs the checked networks; empty when there are errors
 */
public record CheckResult(List<Diagnostic> diagnostics, List<Graph> graphs) {

  /** Copies both lists. */
  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
    graphs = List.copyOf(graphs);
  }

  /** {@return whether any diagnostic is an error} */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
