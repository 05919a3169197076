package dev.netc.codegen;

import dev.netc.dsl.Diagnostic;
import java.util.List;

/** What compiling one `.net` file produced: diagnostics, and sources when there were no errors. */
public record CompileResult(List<Diagnostic> diagnostics, List<GeneratedSource> sources) {

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
