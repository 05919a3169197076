package dev.netc.bench;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.samples.CharTransformer;
import dev.netc.samples.FashionMnist;
import dev.netc.samples.FashionResnet;
import dev.netc.samples.torch.FashionCnnTorchMain;
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
 * <p>The sample networks are measured the same way with {@value #LARGE_WARMUP_CALLS} warm-up and
 * {@value #LARGE_TIMED_CALLS} timed batch-1 calls for resnet and the transformer, and without the
 * allocation counts: resnet (FashionResnet as {@link EpochBench} trained it), transformer
 * (CharTransformer, accuracy per position on the held-out text) and imported (fashion_cnn.onnx,
 * trained in PyTorch, as netc-samples imported it).
 *
 * <p>Usage: {@code InferBench MODEL_DIR [DATA_DIR|embedded] [mlp,cnn,resnet,transformer,imported]}
 * (default mlp,cnn); prints {@code METRIC key value}.
 */
public final class InferBench {
  static final int WARMUP_CALLS = 5_000;
  static final int TIMED_CALLS = 20_000;
  static final int THROUGHPUT_WARMUP_SECONDS = 1;
  static final int THROUGHPUT_SECONDS = 2;
  static final int BATCH = 256;
  /** Batch-1 calls for the sample networks (resnet, transformer), each 100-1000x an MLP's work. */
  static final int LARGE_WARMUP_CALLS = 500;
  static final int LARGE_TIMED_CALLS = 2_000;

  private InferBench() {}

  public static void main(String[] args) throws Exception {
    Path models = Path.of(args[0]);
    FashionMnist.Data data = FashionMnist.load(args.length > 1 ? Path.of(args[1]) : null);
    System.out.println("data: " + data.source());
    for (String kind : args.length > 2 ? args[2].split(",") : new String[] {"mlp", "cnn"}) {
      switch (kind) {
        case "mlp", "cnn" -> {
          GeneratedModel model = kind.equals("mlp") ? new BenchMlp() : new BenchCnn();
          ModelFile.load(model, models.resolve(kind + "-sgd.netc"));
          measure(kind, model, data.test());
        }
        case "resnet" -> {
          GeneratedModel model = new FashionResnet();
          ModelFile.load(model, models.resolve("resnet.netc"));
          measure(kind, model, data.test(), LARGE_WARMUP_CALLS, LARGE_TIMED_CALLS, false);
        }
        case "transformer" -> {
          GeneratedModel model = new CharTransformer();
          ModelFile.load(model, models.resolve("transformer.netc"));
          measure(kind, model, SampleEpochs.heldOut(), LARGE_WARMUP_CALLS, LARGE_TIMED_CALLS, false);
        }
        // fashion_cnn.onnx, trained in PyTorch, as netc-samples imported it at build time
        case "imported" -> measure(kind, FashionCnnTorchMain.importedModel(), data.test(), WARMUP_CALLS, TIMED_CALLS,
            false);
        default -> throw new IllegalArgumentException(
            "unknown model " + kind + " (mlp, cnn, resnet, transformer, imported)");
      }
    }
  }

  /** The whole protocol, allocation counts included. */
  static void measure(String kind, GeneratedModel model, Dataset test) {
    measure(kind, model, test, WARMUP_CALLS, TIMED_CALLS, true);
  }

  /**
   * Batch-1 latency over {@code timedCalls} calls after {@code warmupCalls}, batch-256 throughput,
   * accuracy and, with {@code allocations}, the bytes allocated per call and per training step.
   */
  static void measure(String kind, GeneratedModel model, Dataset test, int warmupCalls, int timedCalls,
      boolean allocations) {
    int n = test.size();
    int size = model.inputSize();
    float[][] images = new float[n][];
    for (int i = 0; i < n; i++) {
      images[i] = Arrays.copyOfRange(test.inputs(), i * size, (i + 1) * size);
    }
    float[] out = new float[model.outputSize()];
    for (int i = 0; i < warmupCalls; i++) {
      model.predict(images[i % n], out);
    }
    long[] t = new long[timedCalls];
    for (int i = 0; i < timedCalls; i++) {
      float[] x = images[i % n];
      long start = System.nanoTime();
      model.predict(x, out);
      t[i] = System.nanoTime() - start;
    }
    Arrays.sort(t);
    metric(kind + ".b1.median_us", t[timedCalls / 2] / 1e3);
    metric(kind + ".b1.p99_us", t[(int) (timedCalls * 0.99)] / 1e3);

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

    metric(kind + ".acc", accuracy(model, test));
    if (allocations) {
      allocations(kind, model, images, test);
    }
  }

  /**
   * The share of correct classes on {@code test} in batches of {@value #BATCH}: one class per
   * example for labelled data, else one per output position (the argmax of each position's
   * target, as for the transformer's next character at each of its 64 positions).
   */
  static double accuracy(GeneratedModel model, Dataset test) {
    int n = test.size();
    int[] shape = model.outputShape();
    int classes = shape[shape.length - 1];
    int positions = model.outputSize() / classes;
    float[] x = new float[BATCH * model.inputSize()];
    float[] y = new float[BATCH * test.targetSize()];
    float[] outs = new float[BATCH * model.outputSize()];
    Workspace ws = model.newWorkspace(BATCH);
    long correct = 0;
    for (int from = 0; from < n; from += BATCH) {
      int count = Math.min(BATCH, n - from);
      test.copyRange(from, count, x, y);
      model.forward(ws, x, outs, count, false);
      for (int b = 0; b < count; b++) {
        for (int p = 0; p < positions; p++) {
          int at = (b * positions + p) * classes;
          int expected = test.hasLabels() ? test.label(from + b) : argmax(y, at, classes);
          correct += argmax(outs, at, classes) == expected ? 1 : 0;
        }
      }
    }
    return (double) correct / ((long) n * positions);
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
