package dev.netc.cli;

import dev.netc.codegen.draw.NetworkDrawing;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.plan.CostModel;
import dev.netc.codegen.plan.KernelPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netc graph FILE [-o net.svg] [--network NAME] [--kernels]}: a drawing of one network as a
 * standalone SVG (codegen's {@code NetworkDrawing}), to a file or to standard output.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
    description = {"Draw a network as an SVG image: a box per layer (name, op, output shape),"
        + " arrows between them, merges and several inputs and outputs as they are.",
      "Without -o the SVG goes to standard output."})
final class GraphCommand implements Callable<Integer> {
  @ParentCommand
  NetcCommand netc;

  @Mixin
  SourceOptions sources;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .net file.")
  Path file;

  @Option(names = {"-o", "--output"}, paramLabel = "SVG", description = "The SVG file to write.")
  Path output;

  @Option(names = "--network", paramLabel = "NAME",
      description = "The network to draw (needed when the file declares several).")
  String network;

  @Option(names = "--kernels",
      description = "Add each matrix product's kernel (as netc summary shows it) to its box.")
  boolean kernels;

  @Override
  public Integer call() throws IOException {
    Graph graph = CheckedFile.load(file, sources.roots, netc.err()).network(network);
    String svg = kernels
        ? NetworkDrawing.toSvg(graph, CostModel.plan(graph, KernelPolicy.AUTO))
        : NetworkDrawing.toSvg(graph);
    if (output == null) {
      netc.out().print(svg);
      return Exit.OK;
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(output, svg, StandardCharsets.UTF_8);
    netc.out().println("wrote " + output + " (network " + graph.name() + ", " + graph.nodes().size() + " layers)");
    return Exit.OK;
  }
}
