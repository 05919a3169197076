package dev.netc.codegen.check;

import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one file; checks report here instead of throwing. */
public final class Diagnostics {
  private final SourceFile source;
  private final List<Diagnostic> list = new ArrayList<>();

  public Diagnostics(SourceFile source) {
    this.source = source;
  }

  public void error(SourcePos pos, String message) {
    list.add(Diagnostic.error(pos, message, source));
  }

  public void warning(SourcePos pos, String message) {
    list.add(new Diagnostic(Diagnostic.Severity.WARNING, pos, message, source.line(pos.line())));
  }

  public void addAll(List<Diagnostic> diagnostics) {
    list.addAll(diagnostics);
  }

  public boolean hasErrors() {
    return list.stream().anyMatch(Diagnostic::isError);
  }

  public int errorCount() {
    return (int) list.stream().filter(Diagnostic::isError).count();
  }

  public List<Diagnostic> toList() {
    return List.copyOf(list);
  }
}
