package dev.netc.processor;

import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourcePos;

/**
 * The text of a javac message for a diagnostic in a {@code .net} file. javac can only point into
 * Java sources (it shows the {@code @NetFiles} value under the message), so the message itself
 * carries the place: {@code /abs/path/Net.net:4:13: message}, then the offending line and a caret
 * under the column, as the Maven plugin prints it. javac adds "error:" or "warning:" itself.
 */
final class NetDiagnosticText {
  private NetDiagnosticText() {}

  static String of(Diagnostic d) {
    SourcePos pos = d.pos();
    StringBuilder out = new StringBuilder();
    if (pos != null && pos.file() != null && !pos.file().isEmpty()) {
      out.append(pos.file());
      if (pos.line() > 0) {
        out.append(':').append(pos.line()).append(':').append(Math.max(1, pos.column()));
      }
      out.append(": ");
    }
    out.append(d.message());
    String line = d.sourceLine();
    if (pos != null && pos.line() > 0 && line != null && !line.isEmpty()) {
      out.append('\n').append(line).append('\n');
      // tabs copied so the caret lines up under tab-indented sources; the column may be one past
      // the end of the line (a missing ';')
      for (int i = 0; i < Math.max(1, pos.column()) - 1; i++) {
        out.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
      }
      out.append('^');
    }
    return out.toString();
  }
}
