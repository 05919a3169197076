package dev.netc.maven;

import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourcePos;

/**
 * Formats diagnostics the way maven-compiler-plugin prints javac errors, {@code
 * /abs/path/File.net:[line,col] message}, which IDEs and CI log parsers turn into links; then the
 * offending line and a caret under the column.
 */
final class MavenDiagnostics {

  private MavenDiagnostics() {}

  static String format(Diagnostic d) {
    SourcePos pos = d.pos();
    StringBuilder out = new StringBuilder(pos.file());
    if (pos.line() > 0) {
      int column = Math.max(1, pos.column());
      out.append(":[").append(pos.line()).append(',').append(column).append("] ");
    } else {
      out.append(": ");
    }
    out.append(d.message());
    String line = d.sourceLine();
    if (pos.line() > 0 && line != null && !line.isEmpty()) {
      out.append('\n').append(line).append('\n');
      // copy tabs so the caret lines up under tab-indented sources; the column may be one past
      // the end of the line (a missing ';')
      for (int i = 0; i < Math.max(1, pos.column()) - 1; i++) {
        out.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
      }
      out.append('^');
    }
    return out.toString();
  }
}
