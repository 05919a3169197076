package dev.netc.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code netc}: the commands, and the streams they write to. Every command reads a {@code .net}
 * file through {@link CheckedFile}, which is also where a new command that needs a checked
 * network (such as drawing it) gets its {@code Graph}.
 */
@Command(name = "netc", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Checks, summarizes and generates netc networks (.net files), and trains, evaluates"
        + " and runs them without a build; exports them to ONNX and imports ONNX models.",
    subcommands = {
      CheckCommand.class,
      SummaryCommand.class,
      GenerateCommand.class,
      GraphCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      ExportOnnxCommand.class,
      ImportOnnxCommand.class,
      HelpCommand.class
    },
    footer = {"", "Exit status: 0 done (warnings allowed), 1 errors in the input or the work failed,"
        + " 2 wrong command line.",
        "See docs/cli.md for every command with an example."})
final class NetcCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Spec
  CommandSpec spec;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error (for reporting a bug in netc).")
  boolean stacktrace;

  NetcCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Where results go: tables, file names, predictions. */
  PrintStream out() {
    return out;
  }

  /** Where diagnostics, progress and errors go. */
  PrintStream err() {
    return err;
  }

  /** {@code netc} alone: the list of commands, as a usage error. */
  @Override
  public Integer call() {
    err.println("error: name a command");
    spec.commandLine().usage(err);
    return Exit.USAGE;
  }
}
