package dev.netc.codegen.testing;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Test helper: `.net` text in, a live generated model out, through the real pipeline and javac. */
public final class Nets {
  private Nets() {}

  public static final String PACKAGE = "test.nets";

  /** The benchmarks' Fashion MLP, 784 -> 128 ReLU -> 10: the shapes the kernels are tuned for. */
  public static final String FASHION_MLP = """
      network Mlp {
        input image: float[28, 28];
        flatten;
        dense(128, activation: relu);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  /** Runs netc on {@code source} and fails on any error. */
  public static CompileResult generate(String fileName, String source) {
    return generate(fileName, source, ImportResolver.NONE);
  }

  /** Runs netc on {@code source}, whose imports {@code imports} resolves, and fails on any error. */
  public static CompileResult generate(String fileName, String source, ImportResolver imports) {
    return generate(fileName, source, imports, KernelPolicy.AUTO);
  }

  /** Runs netc on {@code source} with the layers' kernels chosen by {@code kernels}; fails on any error. */
  public static CompileResult generate(String fileName, String source, ImportResolver imports,
      KernelPolicy kernels) {
    CompileResult result = NetcCompiler.compile(new SourceFile(fileName, source), PACKAGE, imports, kernels);
    if (result.hasErrors()) {
      throw new AssertionError("netc reported errors:\n" + result.diagnostics().stream()
          .map(Diagnostic::format).collect(Collectors.joining("\n")));
    }
    return result;
  }

  /** Generated, compiled and loaded: the network's {@link Model} with its parameters zero. */
  public static Model model(String source) {
    return compile(source).model();
  }

  public static Built compile(String source) {
    return compile("Test.net", source, ImportResolver.NONE);
  }

  /** Generated with the kernels {@code kernels} chooses, compiled and loaded. */
  public static Built compile(String source, KernelPolicy kernels) {
    return compile("Test.net", source, ImportResolver.NONE, kernels);
  }

  /** Generated, compiled and loaded, with imports resolved by {@code imports}. */
  public static Built compile(String fileName, String source, ImportResolver imports) {
    return compile(fileName, source, imports, KernelPolicy.AUTO);
  }

  /** Generated with the kernels {@code kernels} chooses, compiled and loaded, imports resolved by {@code imports}. */
  public static Built compile(String fileName, String source, ImportResolver imports, KernelPolicy kernels) {
    CompileResult result = generate(fileName, source, imports, kernels);
    Map<String, String> sources = new LinkedHashMap<>();
    for (GeneratedSource s : result.sources()) {
      sources.put(s.qualifiedName(), s.code());
    }
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(sources);
    // what GradCheck reports as checked: the ops of the graphs, not of the text
    NetworkOps ops = NetworkOps.of(fileName, source, imports);
    for (GeneratedSource s : result.sources()) {
      NetworkOps.register(compiled.load(s.qualifiedName()), ops);
    }
    return new Built(result.sources(), compiled, result);
  }

  /**
   * Trains {@code model} (input 2, output 1, mse) to fit y = x0 * x1 on the four corners of the
   * square, the XOR pattern, and fails unless the loss drops tenfold.
   */
  public static void assertLearnsProduct(Model model) {
    model.initialize(7);
    float[] x = {-1, -1, -1, 1, 1, -1, 1, 1};
    float[] y = {1, -1, -1, 1};
    History h = Trainer.builder(model).epochs(300).batchSize(4).seed(3).build()
        .fit(Dataset.of(x, y, 2, 1));
    double first = h.epochs().get(0).trainLoss();
    double last = h.last().trainLoss();
    if (!(last < first / 10)) {
      throw new AssertionError("did not learn: loss " + first + " -> " + last);
    }
  }

  /** Sources and classes of one compiled `.net` file. */
  public record Built(List<GeneratedSource> sources, InMemoryJavac.Compiled classes, CompileResult result) {
    public Model model() {
      try {
        return (Model) classes.load(sources.get(0).qualifiedName()).getConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    public String code() {
      return sources.get(0).code();
    }
  }
}
