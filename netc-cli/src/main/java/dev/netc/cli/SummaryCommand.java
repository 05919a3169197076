package dev.netc.cli;

import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.ir.Graph;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netc summary FILE [--network NAME]}: the table the generated class's {@code summary()}
 * returns, without generating it.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = {"Print each network's layers, shapes, parameters, FLOPs and kernels.",
      "The table Model.summary() returns: per layer its op, output shape, parameters, FLOPs and the"
          + " kernel the cost model picks for its matrix product."})
final class SummaryCommand implements Callable<Integer> {
  @ParentCommand
  NetcCommand netc;

  @Mixin
  SourceOptions sources;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .net file.")
  Path file;

  @Option(names = "--network", paramLabel = "NAME",
      description = "Only this network (default: every network of the file).")
  String network;

  @Override
  public Integer call() {
    CheckedFile checked = CheckedFile.load(file, sources.roots, netc.err());
    List<Graph> graphs = network != null ? List.of(checked.network(network)) : checked.networks();
    if (graphs.isEmpty()) {
      throw CliException.failed(file + " declares no network, only blocks");
    }
    for (int i = 0; i < graphs.size(); i++) {
      Graph graph = graphs.get(i);
      netc.out().print((i == 0 ? "" : "\n") + "network " + graph.name() + " (" + file + ")\n"
          + NetcCompiler.summary(graph));
    }
    return Exit.OK;
  }
}
