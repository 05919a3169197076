package dev.netc.cli;

/**
 * A failure a command reports in one line and an exit status, without a stack trace: what is
 * wrong and, where there is one, what to do about it.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitStatus;

  private CliException(String message, int exitStatus) {
    super(message);
    this.exitStatus = exitStatus;
  }

  /** A wrong command line: exit status {@link Exit#USAGE}. */
  static CliException usage(String message) {
    return new CliException(message, Exit.USAGE);
  }

  /** Bad input or failed work: exit status {@link Exit#ERRORS}. */
  static CliException failed(String message) {
    return new CliException(message, Exit.ERRORS);
  }

  /**
   * Errors already printed (diagnostics and their count): exit status {@link Exit#ERRORS} and
   * nothing more to say.
   */
  static CliException reported() {
    return new CliException(null, Exit.ERRORS);
  }

  int exitStatus() {
    return exitStatus;
  }
}
