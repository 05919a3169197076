package dev.netc.cli;

import dev.netc.dsl.Diagnostic;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints diagnostics as javac does: {@code file:line:col: error: message} (or {@code warning:}),
 * the source line and a caret under the column, through the one renderer every front end shares
 * ({@link Diagnostic#format()}); then a count, {@code 1 error} / {@code 2 warnings}.
 */
final class DiagnosticPrinter {
  private int errors;
  private int warnings;

  /** Prints {@code diagnostics} to {@code err} and counts them. */
  void print(List<Diagnostic> diagnostics, PrintStream err) {
    for (Diagnostic d : diagnostics) {
      if (d.isError()) {
        errors++;
        // format() writes "warning: " for warnings and nothing for errors; javac writes both
        err.println(new Diagnostic(d.severity(), d.pos(), "error: " + d.message(), d.sourceLine()).format());
      } else {
        warnings++;
        err.println(d.format());
      }
    }
  }

  int errors() {
    return errors;
  }

  /** {@code 2 errors, 1 warning}; empty when there were none. */
  String counts() {
    String e = errors == 0 ? "" : errors + (errors == 1 ? " error" : " errors");
    String w = warnings == 0 ? "" : warnings + (warnings == 1 ? " warning" : " warnings");
    return e.isEmpty() ? w : w.isEmpty() ? e : e + ", " + w;
  }

  /** Prints the counts line, when there is anything to count. */
  void printCounts(PrintStream err) {
    if (!counts().isEmpty()) {
      err.println(counts());
    }
  }
}
