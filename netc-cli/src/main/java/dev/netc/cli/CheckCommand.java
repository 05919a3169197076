package dev.netc.cli;

import dev.netc.codegen.CheckResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.ir.Graph;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netc check FILE...}: every error and warning, javac style; nothing is generated. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check .net files: errors and warnings, javac style.",
      "Each as file:line:col with the line and a caret. Exit status 0 without errors (warnings"
          + " allowed), 1 with errors."})
final class CheckCommand implements Callable<Integer> {
  @ParentCommand
  NetcCommand netc;

  @Mixin
  SourceOptions sources;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .net files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    // every file must exist before any is checked: a typo is a command-line error, as for javac
    List<NetFile> read = files.stream().map(f -> NetFile.read(f, sources.roots)).toList();
    DiagnosticPrinter printer = new DiagnosticPrinter();
    for (NetFile file : read) {
      int errorsBefore = printer.errors();
      CheckResult result = NetcCompiler.check(file.source(), file.imports());
      printer.print(result.diagnostics(), netc.err());
      if (printer.errors() == errorsBefore) {
        List<String> names = result.graphs().stream().map(Graph::name).toList();
        netc.out().println(file.path() + ": ok" + (names.isEmpty() ? " (blocks only)"
            : names.size() == 1 ? " (network " + names.get(0) + ")"
            : " (networks " + String.join(", ", names) + ")"));
      }
    }
    printer.printCounts(netc.err());
    return printer.errors() == 0 ? Exit.OK : Exit.ERRORS;
  }
}
