package dev.netc.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code netc} command: {@code java -jar netc-cli-<version>-all.jar <command> ...}, or the
 * {@code netc} launcher script. Exit status 0 when the command did its work (warnings allowed), 1
 * when the input had errors or the work failed, 2 when the command line itself is wrong.
 */
public final class Main {
  private Main() {}

  /**
   * Runs one command and exits with its status.
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs one command, writing to {@code out} and {@code err} instead of the process's streams.
   * @param args the command line
   * @param out what the command produces (tables, generated file names, predictions)
   * @param err diagnostics, progress and errors
   * @return the exit status: 0, 1 or 2 ({@link Exit})
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine line = new CommandLine(new NetcCommand(out, err));
    line.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    line.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    line.setParameterExceptionHandler(Errors::usage);
    line.setExecutionExceptionHandler(Errors::failure);
    return line;
  }
}
