package dev.netc.cli;

import dev.netc.codegen.CheckResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.ir.Graph;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code .net} file read and checked, its diagnostics printed: how every command that works on
 * networks gets them. {@link #load} stops the command (exit status 1) when the file has errors, so
 * what follows sees valid networks only; {@link #network} picks the one a command works on.
 *
 * <p>A command that needs a checked network, such as one that draws it, does:
 * <pre>{@code
 * Graph graph = CheckedFile.load(file, sources.roots, netc.err()).network(network);
 * }</pre>
 *
 * @param file the file and its source roots
 * @param result the checked networks and the diagnostics
 */
record CheckedFile(NetFile file, CheckResult result) {

  /**
   * Reads and checks {@code path}, printing its diagnostics (javac style) to {@code err}.
   * @throws CliException with exit status 1 when it has errors, 2 when it does not exist
   */
  static CheckedFile load(Path path, List<Path> sourceRoots, PrintStream err) {
    NetFile file = NetFile.read(path, sourceRoots);
    CheckResult result = NetcCompiler.check(file.source(), file.imports());
    DiagnosticPrinter printer = new DiagnosticPrinter();
    printer.print(result.diagnostics(), err);
    if (result.hasErrors()) {
      printer.printCounts(err);
      throw CliException.reported();
    }
    return new CheckedFile(file, result);
  }

  /** The file's networks, in declaration order. */
  List<Graph> networks() {
    return result.graphs();
  }

  /**
   * The network called {@code name}, or with {@code name} null the file's only network.
   * @throws CliException (usage) when there is no such network, or several and no name
   */
  Graph network(String name) {
    List<Graph> graphs = networks();
    List<String> names = graphs.stream().map(Graph::name).toList();
    if (graphs.isEmpty()) {
      throw CliException.failed(file.path() + " declares no network, only blocks");
    }
    if (name == null) {
      if (graphs.size() > 1) {
        throw CliException.usage(file.path() + " declares the networks " + String.join(", ", names)
            + "; choose one with --network NAME");
      }
      return graphs.get(0);
    }
    return graphs.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() ->
        CliException.usage("no network " + name + " in " + file.path() + "; it declares "
            + String.join(", ", names)));
  }
}
