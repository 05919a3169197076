package dev.netc.dsl;

/**
 * One problem found in a network definition. Errors are values: every stage returns a list of
 * these instead of throwing.
 *
 * @param severity how bad it is
 * @param pos where it is
 * @param message what is wrong, without the position (for example
 *     {@code "unknown op 'dnse', did you mean 'dense'?"})
 * @param sourceLine the text of the offending line, or "" when unknown
 * @param internal whether this reports a bug in netc rather than in the input: set only by the
 *     compiler's crash guards (see {@link #internalError}), so that tools and the fuzzing oracle
 *     tell a crash from an ordinary error without reading the message, which may quote the input
 */
public record Diagnostic(Severity severity, SourcePos pos, String message, String sourceLine, boolean internal) {

  /**
   * A diagnostic about the input (not {@linkplain #isInternal internal}).
   *
   * @param severity how bad it is
   * @param pos where it is
   * @param message what is wrong, without the position
   * @param sourceLine the text of the offending line, or "" when unknown
   */
  public Diagnostic(Severity severity, SourcePos pos, String message, String sourceLine) {
    this(severity, pos, message, sourceLine, false);
  }

  /** How bad a diagnostic is. */
  public enum Severity {
    /** The network cannot be compiled. */
    ERROR,
    /** Compiled, but probably not what was meant. */
    WARNING
  }

  /**
   * An error at {@code pos}, quoting its line from {@code source}.
   *
   * @param pos where it is
   * @param message what is wrong, without the position
   * @param source the file, to quote the line; null quotes nothing
   * @return the error
   */
  public static Diagnostic error(SourcePos pos, String message, SourceFile source) {
    return new Diagnostic(Severity.ERROR, pos, message, source == null ? "" : source.line(pos.line()));
  }

  /**
   * An internal error: netc itself failed at {@code pos}. Only the compiler's crash guards create
   * these; every other problem, whatever its message says, is an ordinary error or warning.
   *
   * @param pos where netc was working when it failed
   * @param message what failed, for the bug report
   * @param sourceLine the text of the line at {@code pos}, or ""
   * @return the internal error
   */
  public static Diagnostic internalError(SourcePos pos, String message, String sourceLine) {
    return new Diagnostic(Severity.ERROR, pos, message, sourceLine, true);
  }

  /** {@return whether this reports a bug in netc (a crash caught by a guard), not a problem of the input} */
  public boolean isInternal() {
    return internal;
  }

  /** {@return whether this is an error (not a warning)} */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * {@code file:line:col: message} followed by the source line and a caret under the column.
   * @return the formatted diagnostic: one line, or three with the source line and the caret
   */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append(pos).append(": ");
    if (severity == Severity.WARNING) {
      out.append("warning: ");
    }
    out.append(message);
    if (!sourceLine.isEmpty()) {
      out.append('\n').append(sourceLine).append('\n');
      // keep tabs so the caret lines up under tab-indented sources
      for (int i = 0; i < pos.column() - 1 && i < sourceLine.length(); i++) {
        out.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
      }
      out.append('^');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
