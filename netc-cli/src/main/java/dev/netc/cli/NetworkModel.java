package dev.netc.cli;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.ir.Graph;
import dev.netc.runtime.Model;
import dev.netc.runtime.io.ModelFile;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A network of a {@code .net} file as a live {@link Model}: checked, generated, compiled in
 * process and instantiated, with parameters all zero until {@code initialize} or {@link #load}.
 */
final class NetworkModel {
  /** The package of classes compiled in process; no user code names it. */
  static final String PACKAGE = "dev.netc.cli.generated";

  private NetworkModel() {}

  /**
   * The model of network {@code name} (null: the file's only one) of {@code file}; diagnostics go
   * to {@code err}.
   */
  static Model build(Path file, List<Path> sourceRoots, String name, PrintStream err) {
    CheckedFile checked = CheckedFile.load(file, sourceRoots, err);
    Graph graph = checked.network(name);
    NetFile net = checked.file();
    // the diagnostics were printed by the check; the compile repeats it and only adds the Java
    CompileResult result = NetcCompiler.compile(net.source(), PACKAGE, net.imports());
    if (result.hasErrors()) {
      new DiagnosticPrinter().print(result.diagnostics(), err);
      throw CliException.reported();
    }
    GeneratedSource source = result.sources().stream()
        .filter(s -> s.simpleName().equals(graph.name())).findFirst()
        .orElseThrow(() -> new IllegalStateException("no class generated for network " + graph.name()));
    Class<?> type = InProcessJavac.compile(source);
    try {
      return (Model) type.getDeclaredConstructor().newInstance();
    } catch (InstantiationException | IllegalAccessException | NoSuchMethodException e) {
      throw new IllegalStateException("cannot instantiate the generated class " + source.qualifiedName(), e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the generated class " + source.qualifiedName() + " failed to start: "
          + e.getCause(), e.getCause());
    }
  }

  /**
   * Loads the weights of {@code modelFile} into {@code model}. The file records the network's name
   * and parameter layout and the load checks both, so weights of another network, or of an edited
   * {@code .net} file, are refused with the reason.
   */
  static void load(Model model, Path modelFile) throws IOException {
    if (!Files.exists(modelFile)) {
      throw CliException.usage("model file not found: " + modelFile);
    }
    ModelFile.load(model, modelFile);
  }
}
