package dev.netc.bench;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.samples.FashionMnist;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The mlp-infer / cnn-infer workloads of benchmarks/peers/README.md for netc, measured the way
 * the Java peers (benchmarks/peers/onnxruntime, benchmarks/peers/dl4j) and the PyTorch script
 * measure them, on the models {@link EpochBench} trained and saved:
 *
 * <ul>
 *   <li>batch-1 latency: {@value #WARMUP_CALLS} warm-up calls, then {@value #TIMED_CALLS} calls of
 *       {@code predict(float[], float[])} each timed with {@code System.nanoTime}, cycling through
 *       the test images; median and 99th percentile;
 *   <li>batch-256 throughput: {@value #THROUGHPUT_WARMUP_SECONDS} s of warm-up, then calls for at
 *       least {@value #THROUGHPUT_SECONDS} s over batches of consecutive test images;
 *   <li>accuracy of the same model on the whole test set (batches of 256);
 *   <li>bytes allocated per {@code predict(in, out)} and per batch-32 SGD training step, from the
 *       JVM's per-thread allocation counter.
 * </ul>
 *
 * <p>Usage: {@code InferBench MODEL_DIR [DATA_DIR|embedded]}; prints {@code METRIC key value}.
 */
public final class InferBench {
  static final int WARMUP_CALLS = 5_000;
  static final int TIMED_CALLS = 20_000;
  static final int THROUGHPUT_WARMUP_SECONDS = 1;
  static final int THROUGHPUT_SECONDS = 2;
  static final int BATCH = 256;

  private InferBench() {}

  public static void main(String[] args) throws Exception {
    Path models = Path.of(args[0]);
    FashionMnist.Data data = FashionMnist.load(args.length > 1 ? Path.of(args[1]) : null);
    System.out.println("data: " + data.source());
    for (String kind : args.length > 2 ? args[2].split(",") : new String[] {"mlp", "cnn"}) {
      GeneratedModel model = kind.equals("mlp") ? new BenchMlp() : new BenchCnn();
      ModelFile.load(model, models.resolve(kind + "-sgd.netc"));
      measure(kind, model, data.test());
    }
  }

  static void measure(String kind, GeneratedModel model, Dataset test) {
    int n = test.size();
    int size = model.inputSize();
    float[][] images = new float[n][];
    for (int i = 0; i < n; i++) {
      images[i] = Arrays.copyOfRange(test.inputs(), i * size, (i + 1) * size);
    }
    float[] out = new float[model.outputSize()];
    for (int i = 0; i < WARMUP_CALLS; i++) {
      model.predict(images[i % n], out);
    }
    long[] t = new long[TIMED_CALLS];
    for (int i = 0; i < TIMED_CALLS; i++) {
      float[] x = images[i % n];
      long start = System.nanoTime();
      model.predict(x, out);
      t[i] = System.nanoTime() - start;
    }
    Arrays.sort(t);
    metric(kind + ".b1.median_us", t[TIMED_CALLS / 2] / 1e3);
    metric(kind + ".b1.p99_us", t[(int) (TIMED_CALLS * 0.99)] / 1e3);

    int ring = Math.max(1, Math.min(8, n / BATCH));
    float[][] batches = new float[ring][];
    for (int r = 0; r < ring; r++) {
      batches[r] = Arrays.copyOfRange(test.inputs(), r * BATCH * size, (r + 1) * BATCH * size);
    }
    Workspace ws = model.newWorkspace(BATCH);
    float[] outs = new float[BATCH * model.outputSize()];
    long end = System.nanoTime() + THROUGHPUT_WARMUP_SECONDS * 1_000_000_000L;
    for (int i = 0; System.nanoTime() < end; i++) {
      model.forward(ws, batches[i % ring], outs, BATCH, false);
    }
    long start = System.nanoTime();
    end = start + THROUGHPUT_SECONDS * 1_000_000_000L;
    long calls = 0;
    long now;
    do {
      model.forward(ws, batches[(int) (calls % ring)], outs, BATCH, false);
      calls++;
      now = System.nanoTime();
    } while (now < end || calls < 10);
    metric(kind + ".b256.img_s", calls * BATCH / ((now - start) / 1e9));

    float[] x = new float[BATCH * size];
    float[] y = new float[BATCH * test.targetSize()];
    int correct = 0;
    for (int from = 0; from < n; from += BATCH) {
      int count = Math.min(BATCH, n - from);
      test.copyRange(from, count, x, y);
      model.forward(ws, x, outs, count, false);
      for (int b = 0; b < count; b++) {
        if (argmax(outs, b * model.outputSize(), model.outputSize()) == test.label(from + b)) {
          correct++;
        }
      }
    }
    metric(kind + ".acc", (double) correct / n);
    allocations(kind, model, images, test);
  }

  /**
   * Bytes the calling thread allocates per {@code predict(in, out)} and per training step (batch
   * 32, {@code computeGradients} + SGD step), from the JVM's per-thread allocation counter over
   * many calls after warm-up: exact, unlike a profiler that also counts the harness's own garbage.
   */
  static void allocations(String kind, GeneratedModel model, float[][] images, Dataset test) {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
        || !threads.isThreadAllocatedMemorySupported()) {
      return;
    }
    threads.setThreadAllocatedMemoryEnabled(true);
    long self = Thread.currentThread().getId();
    float[] out = new float[model.outputSize()];
    int calls = 20_000;
    long before = threads.getThreadAllocatedBytes(self);
    for (int i = 0; i < calls; i++) {
      model.predict(images[i % images.length], out);
    }
    long after = threads.getThreadAllocatedBytes(self);
    metric(kind + ".predict.alloc_b", (double) (after - before) / calls);

    GeneratedModel copy = model.snapshot();
    Workspace ws = copy.newWorkspace(32);
    float[] x = new float[32 * copy.inputSize()];
    float[] y = new float[32 * test.targetSize()];
    test.copyRange(0, 32, x, y);
    Optimizer sgd = Optimizers.sgd(0.001);
    // enough steps for C2 to compile every kernel path (the packed-panel copy alone needs
    // dozens of large calls); 200 left an MLP step partly interpreted, 18 KB per step
    for (int i = 0; i < 5000; i++) {
      copy.computeGradients(ws, x, y, 32, false);
      sgd.step(copy.parameters(), ws.gradients());
    }
    int steps = 500;
    before = threads.getThreadAllocatedBytes(self);
    for (int i = 0; i < steps; i++) {
      copy.computeGradients(ws, x, y, 32, false);
      sgd.step(copy.parameters(), ws.gradients());
    }
    after = threads.getThreadAllocatedBytes(self);
    metric(kind + ".train.alloc_b", (double) (after - before) / steps);
  }

  static int argmax(float[] v, int off, int len) {
    int best = 0;
    for (int i = 1; i < len; i++) {
      if (v[off + i] > v[off + best]) {
        best = i;
      }
    }
    return best;
  }

  static void metric(String key, double value) {
    System.out.printf(Locale.ROOT, "METRIC %s %.4f%n", key, value);
  }
}
