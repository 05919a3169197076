package dev.netc.cli;

import dev.netc.codegen.ir.Graph;
import dev.netc.onnx.OnnxExportException;
import dev.netc.onnx.OnnxExporter;
import dev.netc.onnx.OnnxFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import onnx.Onnx.ModelProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netc export-onnx FILE --model MODEL -o out.onnx}: a trained network as an ONNX model, its
 * weights from a netc model file ({@code netc train --save}, {@code ModelFile.save}).
 */
@Command(name = "export-onnx", mixinStandardHelpOptions = true,
    description = {"Export a network with trained weights as an ONNX model (opset 17).",
      "The inference graph: nodes named after the layers, initializers after their parameters, a"
          + " dynamic batch dimension. The model file must be of this network (name and parameter"
          + " layout are checked)."})
final class ExportOnnxCommand implements Callable<Integer> {
  @ParentCommand
  NetcCommand netc;

  @Mixin
  SourceOptions sources;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .net file declaring the network.")
  Path file;

  @Option(names = "--model", paramLabel = "MODEL", required = true,
      description = "The model file with the weights (`netc train --save` wrote it).")
  Path model;

  @Option(names = "--network", paramLabel = "NAME",
      description = "The network when the file declares several.")
  String network;

  @Option(names = "-o", paramLabel = "FILE", required = true,
      description = "The ONNX file to write (replaced when it exists).")
  Path output;

  @Override
  public Integer call() throws IOException {
    if (!Files.exists(model)) {
      throw CliException.usage("model file not found: " + model);
    }
    Path parent = output.toAbsolutePath().getParent();
    if (Files.isDirectory(output) || parent == null || !Files.isDirectory(parent)) {
      throw CliException.usage("-o " + output + (Files.isDirectory(output) ? " is a directory; name the .onnx file"
          : ": the directory " + parent + " does not exist"));
    }
    Graph graph = CheckedFile.load(file, sources.roots, netc.err()).network(network);
    ModelProto onnx;
    try {
      onnx = OnnxExporter.export(graph, model);
    } catch (OnnxExportException e) {
      throw CliException.failed("cannot export network " + graph.name() + ": " + e.getMessage());
    }
    OnnxFiles.write(onnx, output);
    netc.out().println("wrote " + output + " (network " + graph.name() + ", " + onnx.getGraph().getNodeCount()
        + " nodes, " + onnx.getGraph().getInitializerCount() + " initializers, opset " + OnnxExporter.OPSET + ")");
    return Exit.OK;
  }
}
