package dev.netc.cli;

/** The exit statuses of every command, as javac uses them. */
public final class Exit {
  private Exit() {}

  /** The command did its work; there may have been warnings. */
  public static final int OK = 0;

  /** The input had errors (a .net file, the data, a model file) or the work failed. */
  public static final int ERRORS = 1;

  /**
   * The command line is wrong: an unknown command or option, a missing argument, a file or
   * network it names that does not exist.
   */
  public static final int USAGE = 2;
}
