package dev.netc.codegen;

import dev.netc.codegen.plan.KernelPlan;
import dev.netc.dsl.Diagnostic;
import java.util.List;

/**
 * What compiling one `.net` file produced: diagnostics, and when there were no errors the sources
 * and, one per source, the kernel plan the cost model made for its layers (the build report).
 */
public record CompileResult(List<Diagnostic> diagnostics, List<GeneratedSource> sources, List<KernelPlan> plans) {

  /**
   * A result without kernel plans (failed compilations, test doubles).
   * @param diagnostics every error and warning, in source order
   * @param sources the generated classes (none when there are errors)
   */
  public CompileResult(List<Diagnostic> diagnostics, List<GeneratedSource> sources) {
    this(diagnostics, sources, List.of());
  }

  /** {@return whether any diagnostic is an error} */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /**
   * Every layer decision of every generated network, one report line each.
   * @return the report lines, in network and layer order
   */
  public List<String> kernelReport() {
    return plans.stream().flatMap(p -> p.reportLines().stream()).toList();
  }
}
