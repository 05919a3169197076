package dev.netc.cli;

import dev.netc.onnx.ImportedNetwork;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.OnnxImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netc import-onnx model.onnx --name NAME -o DIR}: an ONNX model as {@code DIR/NAME.net}
 * and its weights as the model file {@code DIR/NAME.netc}. The import is checked before anything
 * is written, so a model netc cannot import leaves the directory as it was.
 */
@Command(name = "import-onnx", mixinStandardHelpOptions = true,
    description = {"Import an ONNX model as a .net file and a netc model file with its weights.",
      "Writes DIR/NAME.net (layers named after the ONNX nodes, each with a comment naming them) and"
          + " DIR/NAME.netc, which `netc eval/predict --net DIR/NAME.net` and the generated class's"
          + " ModelFile.load read. An op netc cannot import is an error naming the node; then"
          + " nothing is written."})
final class ImportOnnxCommand implements Callable<Integer> {
  @ParentCommand
  NetcCommand netc;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The ONNX file (a PyTorch export, say).")
  Path onnxFile;

  @Option(names = "--name", paramLabel = "NAME", required = true,
      description = "The network's name, a type name (FashionCnn): the .net network, the generated class"
          + " and the files' names.")
  String name;

  @Option(names = "-o", paramLabel = "DIR", required = true,
      description = "Where NAME.net and NAME.netc go (created when missing; existing files are replaced).")
  Path directory;

  @Override
  public Integer call() throws IOException {
    if (!Files.exists(onnxFile)) {
      throw CliException.usage("file not found: " + onnxFile);
    }
    if (Files.isDirectory(onnxFile)) {
      throw CliException.usage(onnxFile + " is a directory; name an .onnx file");
    }
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw CliException.usage("-o " + directory + " is not a directory");
    }
    if (!name.matches("[A-Z][A-Za-z0-9]*")) {
      throw CliException.usage("--name " + name + " is not a type name: a capital letter, then letters and"
          + " digits (FashionCnn)");
    }
    ImportedNetwork net;
    try {
      net = OnnxImporter.importFile(onnxFile, name);
    } catch (OnnxImportException e) {
      throw CliException.failed("cannot import " + onnxFile + ": " + e.getMessage());
    }
    // only now, with a network that checks: a failed import creates no directory either
    Files.createDirectories(directory);
    Path netFile = directory.resolve(name + ".net");
    Path modelFile = directory.resolve(name + ".netc");
    net.write(netFile, modelFile);
    netc.out().println("wrote " + netFile + " (network " + name + ", " + net.graph().nodes().size() + " layers)");
    netc.out().println("wrote " + modelFile + " (" + net.params().length + " parameters)");
    return Exit.OK;
  }
}
