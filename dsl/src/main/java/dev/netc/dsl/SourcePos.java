package dev.netc.dsl;

/**
 * A place in a source: file name, 1-based line, 1-based column. Every AST node carries one so
 * that every later error can name the exact place.
 */
public record SourcePos(String file, int line, int column) {

  /**
   * {@return the position {@code file:line:column}}
   *
   * @param file the file name
   * @param line the line, from 1
   * @param column the column, from 1
   */
  public static SourcePos of(String file, int line, int column) {
    return new SourcePos(file, line, column);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
