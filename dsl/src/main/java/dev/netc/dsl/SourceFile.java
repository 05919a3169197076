package dev.netc.dsl;

import java.util.List;

/** The text of one `.net` file, kept so diagnostics can quote the offending line. */
public record SourceFile(String name, String text) {

  /**
   * Returns the 1-based line {@code line} without its terminator, or "" when out of range.
   * @param line the line number, from 1
   * @return the line's text
   */
  public String line(int line) {
    List<String> lines = text.lines().toList();
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }
}
