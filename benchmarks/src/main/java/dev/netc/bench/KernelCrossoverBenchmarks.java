package dev.netc.bench;

import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Rng;
import dev.netc.runtime.Workspace;
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
 * The measurement behind the cost model's thresholds (codegen's {@code CostModel},
 * docs/cost-model.md): one dense relu layer of {@code size} (in x out), generated with each
 * {@code kernel} forced, timed for a forward and backward pass (with the input gradient, as for a
 * hidden layer) at {@code batch} rows. {@link KernelCrossover} runs it and prints the table.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KernelCrossoverBenchmarks {
  @Param({"2x4", "4x4", "8x8", "12x12", "16x16", "32x32", "64x64", "128x128"})
  public String size;

  @Param({"1", "32"})
  public int batch;

  @Param({"unrolled", "gemm"})
  public String kernel;

  GeneratedModel model;
  Workspace ws;
  float[] x;
  float[] t;

  @Setup(Level.Trial)
  public void setUp() {
    int[] shape = shape(size);
    String text = network(shape[0], shape[1]);
    KernelPolicy policy = KernelPolicy.parse(kernel);
    model = InMemoryJavac.model("Layer" + shape[0] + "x" + shape[1], text, policy);
    String summary = model.summary();
    if (!summary.contains(" " + kernel + " (")) {
      throw new IllegalStateException("kernel " + kernel + " does not apply to " + size + ":\n" + summary);
    }
    model.initialize(1);
    ws = model.newWorkspace(batch);
    Rng rng = new Rng(3);
    x = new float[batch * shape[0]];
    t = new float[batch * shape[1]];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat() * 2 - 1;
    }
    for (int i = 0; i < t.length; i++) {
      t[i] = rng.nextFloat();
    }
  }

  /** {@code "16x8"} to {@code {16, 8}}. */
  static int[] shape(String size) {
    String[] parts = size.split("x");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }

  static String network(int in, int out) {
    return "network Layer" + in + "x" + out + " {\n  input x: float[" + in + "];\n  dense(" + out
        + ", activation: relu);\n  loss mse;\n}\n";
  }

  @Benchmark
  public double forwardBackward() {
    return model.computeGradients(ws, x, t, batch, true);
  }
}
