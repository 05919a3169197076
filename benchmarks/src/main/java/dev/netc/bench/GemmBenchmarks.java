package dev.netc.bench;

import dev.netc.runtime.kernels.Gemm;
import java.util.Random;
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
 * The raw matrix products behind {@link MlpBenchmarks} and {@link CnnBenchmarks}, one shape per
 * parameter {@code kind:m x n x k} (the public {@link Gemm} entry points on the calling thread,
 * operands stored densely as the generated code stores them). The score is the average time per
 * call; {@code GFLOP/s = 2·m·n·k / time}.
 *
 * <p>{@code taskset -c 1 java --add-modules jdk.incubator.vector -cp
 * "benchmarks/target/classes:benchmarks/target/lib/*" org.openjdk.jmh.Main GemmBenchmarks}
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GemmBenchmarks {
  @Param({
      // MLP 784-128-10: batch-1 predict, batch-256 inference, batch-32 training
      "nn:1x128x784", "nn:1x10x128", "nn:256x128x784", "nn:256x10x128",
      "nn:32x128x784", "nn:32x10x128", "tn:784x128x32", "tn:128x10x32", "nt:32x784x128",
      "nt:32x128x10",
      // CNN conv 5x5, 8 filters over 24x24 positions at batch 32 (im2col)
      "tn:8x18432x25", "nt:25x8x18432", "nn:25x18432x8"})
  public String shape;

  String kind;
  int m;
  int n;
  int k;
  float[] a;
  float[] b;
  float[] c;

  @Setup(Level.Trial)
  public void setUp() {
    kind = shape.substring(0, 2);
    String[] d = shape.substring(3).split("x");
    m = Integer.parseInt(d[0]);
    n = Integer.parseInt(d[1]);
    k = Integer.parseInt(d[2]);
    Random r = new Random(1);
    a = new float[m * k];
    b = new float[k * n];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat() - 0.5f;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextFloat() - 0.5f;
    }
  }

  @Benchmark
  public float[] product() {
    switch (kind) {
      case "nn" -> Gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, true);
      // A stored [k, m]
      case "tn" -> Gemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, true);
      // B stored [n, k]
      default -> Gemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
    }
    return c;
  }
}
