package dev.netc.bench;

import dev.netc.codegen.CheckResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.InMemorySources;
import dev.netc.codegen.ir.Graph;
import dev.netc.dsl.SourceFile;
import dev.netc.onnx.OnnxExportException;
import dev.netc.onnx.OnnxExporter;
import dev.netc.onnx.OnnxFiles;
import dev.netc.runtime.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a benchmark network, with the weights netc trained, as an ONNX file for the ONNX Runtime
 * peer (benchmarks/peers/onnxruntime), through netc-onnx: the network's {@code .net} source (on
 * the class path: the benchmarks' own under {@code dev/netc/bench/}, the samples the harness runs
 * under {@code dev/netc/samples/}) is checked into its graph and exported with the model's
 * weights. The peer feeds the input ({@code image}: {@code [N, 784]} for BenchMlp, {@code [N, 1,
 * 28, 28]} for BenchCnn and FashionResnet; {@code text}: int64 {@code [N, 64]} for
 * CharTransformer) and reads the output ({@code logits} {@code [N, 10]}, or CharTransformer's
 * {@code [N, 64, 64]}), the names the {@code .net} files give them.
 */
public final class BenchOnnx {
  private BenchOnnx() {}

  /** Exports {@code model}, an instance of the generated class of the benchmark network of its name, to {@code file}. */
  public static void write(Model model, Path file) throws IOException {
    Graph graph = graph(model.name());
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      OnnxFiles.write(OnnxExporter.export(graph, model), file);
    } catch (OnnxExportException e) {
      throw new IOException("cannot export " + model.name() + " to ONNX: " + e.getMessage(), e);
    }
  }

  /** The checked graph of benchmark or sample network {@code network}, from its .net file on the class path. */
  static Graph graph(String network) throws IOException {
    ClassLoader loader = BenchOnnx.class.getClassLoader();
    String resource = "dev/netc/bench/" + network + ".net";
    if (loader.getResource(resource) == null) {
      resource = "dev/netc/samples/" + network + ".net";
    }
    String text;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no dev/netc/bench/" + network + ".net or " + resource + " on the class path");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    CheckResult result = NetcCompiler.check(new SourceFile(resource, text), new InMemorySources(Map.of()));
    if (result.hasErrors() || result.graphs().isEmpty()) {
      throw new IOException(resource + " does not check: " + result.diagnostics());
    }
    return result.graphs().get(0);
  }
}
