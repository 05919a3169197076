package dev.netc.bench;

import dev.netc.runtime.kernels.Pooling;
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
 * 2x2 stride-2 max pooling alone at batch 32, on the shapes of BenchCnn ({@code 8x24x24}) and
 * FashionCnnBn ({@code 32x28x28}): the runtime kernel with indices (training) and without
 * (inference), against {@link #unrolled}, the code netc generated for the layer before the kernel
 * (four loads, a max tree, the index found branch-free backwards), in the same JVM.
 *
 * <p>{@code taskset -c 1 java --add-modules jdk.incubator.vector -cp
 * "benchmarks/target/classes:benchmarks/target/lib/*" org.openjdk.jmh.Main PoolingBenchmarks}
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolingBenchmarks {
  @Param({"8x24x24", "32x28x28"})
  public String shape;

  static final int BATCH = 32;
  int c;
  int h;
  int w;
  float[] x;
  float[] y;
  float[] argmax;

  @Setup(Level.Trial)
  public void setUp() {
    String[] d = shape.split("x");
    c = Integer.parseInt(d[0]);
    h = Integer.parseInt(d[1]);
    w = Integer.parseInt(d[2]);
    Random r = new Random(1);
    x = new float[BATCH * c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    y = new float[BATCH * c * (h / 2) * (w / 2)];
    argmax = new float[y.length];
  }

  @Benchmark
  public float[] kernelTraining() {
    Pooling.max(BATCH, c, h, w, 2, 2, 2, 2, x, y, argmax);
    return y;
  }

  @Benchmark
  public float[] kernelInference() {
    Pooling.max(BATCH, c, h, w, 2, 2, 2, 2, x, y, null);
    return y;
  }

  /** The generated layer before the kernel, with its sizes as variables instead of literals. */
  @Benchmark
  public float[] unrolled() {
    int in = c * h * w;
    int oh = h / 2;
    int ow = w / 2;
    int out = c * oh * ow;
    for (int b = 0; b < BATCH; b++) {
      int xo = b * in;
      int o = b * out;
      for (int ch = 0; ch < c; ch++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            int i0 = ch * h * w + oy * 2 * w + ox * 2;
            float v0 = x[xo + i0];
            float v1 = x[xo + i0 + 1];
            float v2 = x[xo + i0 + w];
            float v3 = x[xo + i0 + w + 1];
            float best = Math.max(Math.max(v0, v1), Math.max(v2, v3));
            int arg = i0 + w + 1;
            arg += ((Float.floatToRawIntBits(best - v2) - 1) >>> 31) * (i0 + w - arg);
            arg += ((Float.floatToRawIntBits(best - v1) - 1) >>> 31) * (i0 + 1 - arg);
            arg += ((Float.floatToRawIntBits(best - v0) - 1) >>> 31) * (i0 - arg);
            y[o] = best;
            argmax[o] = arg;
            o++;
          }
        }
      }
    }
    return y;
  }
}
