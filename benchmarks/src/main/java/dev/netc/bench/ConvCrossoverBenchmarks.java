package dev.netc.bench;

import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Rng;
import dev.netc.runtime.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The measurement behind the cost model's convolution choice (codegen's {@code
 * CostModel.decideConvolution}, docs/cost-model.md): one conv2d relu layer of the sample
 * networks' shapes, generated with each {@code kernel} forced (im2col or direct), timed per
 * {@code mode}: {@code train-B} is a forward and backward pass at batch B (with the input gradient
 * when the layer has more than one input channel, as for a hidden layer), {@code infer-B} a forward
 * pass at batch B. {@link ConvCrossover} runs it and prints the table.
 *
 * <p>A layer is {@code CxHxW:filters:kernel:padding}, e.g. {@code 1x28x28:8:5:valid}, or {@code
 * net:FILE} for a whole network from a {@code .net} file (kernel {@code auto}: the plan's choice).
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConvCrossoverBenchmarks {
  /** The stride-1 conv layers of BenchCnn, FashionCnn, FashionCnnBn / fashion_cnn.onnx and FashionResnet. */
  static final String[] LAYERS = {
      "1x28x28:8:5:valid", "1x28x28:32:3:valid", "32x13x13:64:3:valid", "1x28x28:32:3:same",
      "32x14x14:64:3:same", "32x14x14:32:3:same", "64x7x7:64:3:same"};

  @Param({"1x28x28:8:5:valid"})
  public String layer;

  @Param({"im2col", "direct"})  // or auto
  public String kernel;

  @Param({"train-1", "train-32", "infer-1", "infer-256"})
  public String mode;

  GeneratedModel model;
  Workspace ws;
  float[] x;
  float[] t;
  float[] out;
  int batch;
  boolean train;
  boolean inputGradient;

  @Setup(Level.Trial)
  public void setUp() {
    String[] m = mode.split("-");
    train = m[0].equals("train");
    batch = Integer.parseInt(m[1]);
    if (layer.startsWith("net:")) {
      // a whole network from its .net file (one network per file), e.g. net:benchmarks/src/main/net/dev/netc/bench/BenchCnn.net
      Path file = Path.of(layer.substring(4));
      String name = file.getFileName().toString().replace(".net", "");
      try {
        model = InMemoryJavac.model(name, Files.readString(file), KernelPolicy.parse(kernel));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      inputGradient = false;
    } else {
      Layer l = Layer.parse(layer);
      inputGradient = l.channels() > 1;
      model = InMemoryJavac.model("ConvLayer", l.network(), KernelPolicy.parse(kernel));
    }
    if (!kernel.equals("auto") && !model.summary().contains(" " + kernel + " (")) {
      throw new IllegalStateException("kernel " + kernel + " does not apply to " + layer + ":\n" + model.summary());
    }
    model.initialize(1);
    ws = model.newWorkspace(batch);
    Rng rng = new Rng(3);
    x = new float[batch * model.inputSize()];
    t = new float[batch * model.targetSize()];
    out = new float[batch * model.outputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat() * 2 - 1;
    }
    for (int i = 0; i < t.length; i++) {
      t[i] = rng.nextFloat();
    }
  }

  /** One conv layer: input {@code [channels, h, w]}, {@code filters} filters of {@code k x k}, valid or same. */
  record Layer(int channels, int h, int w, int filters, int k, String padding) {
    static Layer parse(String text) {
      String[] p = text.split(":");
      String[] in = p[0].split("x");
      return new Layer(Integer.parseInt(in[0]), Integer.parseInt(in[1]), Integer.parseInt(in[2]),
          Integer.parseInt(p[1]), Integer.parseInt(p[2]), p[3]);
    }

    String network() {
      return "network ConvLayer {\n  input x: float[" + channels + ", " + h + ", " + w + "];\n  conv2d(" + filters
          + ", kernel: " + k + ", padding: " + padding + ", activation: relu);\n  loss mse;\n}\n";
    }

    /** Output positions per filter. */
    int positions() {
      int o = padding.equals("same") ? h * w : (h - k + 1) * (w - k + 1);
      return o;
    }

    /** Multiply-adds per example. */
    long macs() {
      return (long) positions() * filters * channels * k * k;
    }
  }

  @Benchmark
  public double run() {
    if (train) {
      return model.computeGradients(ws, x, t, batch, inputGradient);
    }
    model.forward(ws, x, out, batch, false);
    return out[0];
  }
}
