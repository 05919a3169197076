package dev.netc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How errors reach the user: {@code error: <message>} on standard error, then for a wrong command
 * line the command's synopsis and where to find its help. Stack traces only for bugs in netc
 * itself, or with {@code --stacktrace}.
 */
final class Errors {
  private Errors() {}

  /** A command line picocli could not parse (unknown option, missing argument, bad number). */
  static int usage(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    printUsageHint(command, err);
    return Exit.USAGE;
  }

  /** An exception thrown by a command. */
  static int failure(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (e instanceof CliException cli) {
      if (cli.getMessage() != null) {
        err.println("error: " + cli.getMessage());
      }
      if (cli.exitStatus() == Exit.USAGE) {
        printUsageHint(command, err);
      }
      return cli.exitStatus();
    }
    boolean trace = parsed.hasMatchedOption("--stacktrace")
        || parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--stacktrace");
    if (e instanceof IOException || e instanceof UncheckedIOException
        || e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof ArithmeticException || e instanceof UnsupportedOperationException) {
      // the runtime's data, model-file and training errors name what is wrong in their message
      err.println("error: " + message(e));
    } else {
      err.println("error: internal netc error: " + e + "; please report it with the command line"
          + " and files that caused it");
      trace = true;
    }
    if (trace) {
      e.printStackTrace(err);
    }
    err.flush();
    return Exit.ERRORS;
  }

  private static String message(Exception e) {
    Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + t.getMessage();
    }
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + t.getMessage();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static void printUsageHint(CommandLine command, PrintWriter err) {
    err.print("Usage: " + command.getHelp().synopsis(0));
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
  }
}
