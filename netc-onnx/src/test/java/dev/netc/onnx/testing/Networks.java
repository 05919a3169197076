package dev.netc.onnx.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.netc.codegen.CheckResult;
import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.InMemorySources;
import dev.netc.codegen.imports.SourceRoots;
import dev.netc.codegen.ir.Graph;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.GeneratedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Networks for the tests: the samples' {@code .net} files and inline text, checked into graphs and
 * compiled into live models (generated, compiled in memory, instantiated).
 */
public final class Networks {
  /** The samples module's network sources, from this module's directory. */
  public static final Path SAMPLES = Path.of("..", "samples", "src", "main", "net").toAbsolutePath().normalize();
  private static final String PACKAGE = "dev.netc.onnx.generated";

  private Networks() {}

  /** A network's checked graph and its generated class, instantiated. */
  public record Live(Graph graph, GeneratedModel model) {}

  /** The sample files, relative to {@link #SAMPLES}, e.g. {@code dev/netc/samples/FashionMlp.net}. */
  public static List<Path> sampleFiles() throws IOException {
    try (Stream<Path> files = Files.walk(SAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".net")).map(SAMPLES::relativize).sorted().toList();
    }
  }

  /** The networks of sample {@code file} (relative to {@link #SAMPLES}). */
  public static List<Graph> checkSample(Path file) throws IOException {
    return check(new SourceFile(SAMPLES.resolve(file).toString(), Files.readString(SAMPLES.resolve(file))),
        SourceRoots.of(SAMPLES));
  }

  /** The networks of {@code text}. */
  public static List<Graph> check(String name, String text) {
    return check(new SourceFile(name, text), new InMemorySources(Map.of()));
  }

  private static List<Graph> check(SourceFile source, ImportResolver imports) {
    CheckResult result = NetcCompiler.check(source, imports);
    assertFalse(result.hasErrors(), () -> source.name() + ": " + result.diagnostics() + "\n" + source.text());
    return result.graphs();
  }

  /** Network {@code network} of sample {@code file}, live, with parameters initialized from {@code seed}. */
  public static Live sample(Path file, String network, long seed) throws IOException {
    SourceFile source = new SourceFile(SAMPLES.resolve(file).toString(), Files.readString(SAMPLES.resolve(file)));
    return live(source, SourceRoots.of(SAMPLES), network, seed);
  }

  /** Network {@code network} of {@code text}, live, parameters initialized from {@code seed}. */
  public static Live fromText(String name, String text, String network, long seed) {
    return live(new SourceFile(name, text), new InMemorySources(Map.of()), network, seed);
  }

  private static Live live(SourceFile source, ImportResolver imports, String network, long seed) {
    Graph graph = check(source, imports).stream().filter(g -> g.name().equals(network)).findFirst()
        .orElseThrow(() -> new AssertionError("no network " + network + " in " + source.name()));
    CompileResult result = NetcCompiler.compile(source, PACKAGE, imports);
    assertFalse(result.hasErrors(), () -> result.diagnostics().toString());
    String code = result.sources().stream().filter(s -> s.simpleName().equals(network)).findFirst()
        .orElseThrow().code();
    try {
      GeneratedModel model = (GeneratedModel) Javac.compile(PACKAGE + "." + network, code)
          .getDeclaredConstructor().newInstance();
      model.initialize(seed);
      return new Live(graph, model);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
