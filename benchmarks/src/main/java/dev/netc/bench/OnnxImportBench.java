package dev.netc.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.samples.FashionMnist;
import dev.netc.samples.torch.FashionCnnTorchMain;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The PyTorch-trained fashion_cnn.onnx two ways in one process, one thread each: as netc imported
 * it at build time (netc-samples' {@code dev.netc.samples.torch.FashionCnn} with its imported
 * weights) and in ONNX Runtime on the same file (intra- and inter-op threads 1, sequential, all
 * graph optimizations). The protocol is {@link InferBench}'s: batch-1 latency (5,000 warm-up
 * calls, 20,000 timed, median and p99) and batch-256 throughput (1 s warm-up, at least 2 s timed),
 * then each engine's accuracy on the test set and the largest difference between their logits.
 *
 * <p>Usage: {@code OnnxImportBench ONNX_FILE [DATA_DIR|embedded]}; prints {@code METRIC key value}.
 */
public final class OnnxImportBench {
  private static final int SIZE = 784;
  private static final int CLASSES = 10;

  private OnnxImportBench() {}

  public static void main(String[] args) throws Exception {
    Path onnx = Path.of(args.length > 0 ? args[0] : "samples/src/main/onnx/fashion_cnn.onnx");
    FashionMnist.Data data = FashionMnist.load(args.length > 1 ? Path.of(args[1]) : null);
    System.out.println("data: " + data.source() + "; model: " + onnx);
    GeneratedModel netc = FashionCnnTorchMain.importedModel();
    InferBench.measure("netc", netc, data.test()); // also its accuracy and allocations
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(1);
      opts.setInterOpNumThreads(1);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = env.createSession(onnx.toString(), opts)) {
        measureOrt(env, session, data.test());
        // float noise, far below the 4 decimals of InferBench.metric
        System.out.printf(Locale.ROOT, "METRIC max_abs_logit_diff %.3e%n", maxDifference(env, session, netc, data.test()));
      }
    }
  }

  static void measureOrt(OrtEnvironment env, OrtSession session, Dataset test) throws OrtException {
    int n = test.size();
    long[] one = {1, 1, 28, 28};
    int ring = Math.min(64, n);
    OnnxTensor[] inputs = new OnnxTensor[ring];
    FloatBuffer outBuf = direct(CLASSES);
    long[] t = new long[InferBench.TIMED_CALLS];
    try (OnnxTensor pinned = OnnxTensor.createTensor(env, outBuf, new long[] {1, CLASSES})) {
      for (int i = 0; i < ring; i++) {
        FloatBuffer b = direct(SIZE);
        b.put(test.inputs(), i * SIZE, SIZE).rewind();
        inputs[i] = OnnxTensor.createTensor(env, b, one);
      }
      // the fastest batch-1 path: input and output tensors made once, like netc's predict(in, out)
      Map<String, OnnxTensor> outputs = Map.of("logits", pinned);
      for (int i = 0; i < InferBench.WARMUP_CALLS; i++) {
        session.run(Map.of("image", inputs[i % ring]), outputs).close();
      }
      for (int i = 0; i < InferBench.TIMED_CALLS; i++) {
        Map<String, OnnxTensor> feed = Map.of("image", inputs[i % ring]);
        long start = System.nanoTime();
        session.run(feed, outputs).close();
        t[i] = System.nanoTime() - start;
      }
    } finally {
      for (OnnxTensor x : inputs) {
        if (x != null) {
          x.close();
        }
      }
    }
    Arrays.sort(t);
    InferBench.metric("ort.b1.median_us", t[t.length / 2] / 1e3);
    InferBench.metric("ort.b1.p99_us", t[(int) (t.length * 0.99)] / 1e3);

    int batches = Math.max(1, Math.min(8, n / InferBench.BATCH));
    OnnxTensor[] big = new OnnxTensor[batches];
    try (OnnxTensor pinned = OnnxTensor.createTensor(env, direct(InferBench.BATCH * CLASSES),
        new long[] {InferBench.BATCH, CLASSES})) {
      for (int r = 0; r < batches; r++) {
        FloatBuffer b = direct(InferBench.BATCH * SIZE);
        b.put(test.inputs(), r * InferBench.BATCH * SIZE, InferBench.BATCH * SIZE).rewind();
        big[r] = OnnxTensor.createTensor(env, b, new long[] {InferBench.BATCH, 1, 28, 28});
      }
      Map<String, OnnxTensor> outputs = Map.of("logits", pinned);
      long end = System.nanoTime() + InferBench.THROUGHPUT_WARMUP_SECONDS * 1_000_000_000L;
      for (int i = 0; System.nanoTime() < end; i++) {
        session.run(Map.of("image", big[i % batches]), outputs).close();
      }
      long start = System.nanoTime();
      end = start + InferBench.THROUGHPUT_SECONDS * 1_000_000_000L;
      long calls = 0;
      long now;
      do {
        session.run(Map.of("image", big[(int) (calls % batches)]), outputs).close();
        calls++;
        now = System.nanoTime();
      } while (now < end || calls < 10);
      InferBench.metric("ort.b256.img_s", calls * InferBench.BATCH / ((now - start) / 1e9));
    } finally {
      for (OnnxTensor x : big) {
        if (x != null) {
          x.close();
        }
      }
    }
    InferBench.metric("ort.acc", ortAccuracy(env, session, test));
  }

  private static double ortAccuracy(OrtEnvironment env, OrtSession session, Dataset test) throws OrtException {
    int correct = 0;
    for (int from = 0; from < test.size(); from += InferBench.BATCH) {
      int count = Math.min(InferBench.BATCH, test.size() - from);
      float[][] logits = run(env, session, test, from, count);
      for (int b = 0; b < count; b++) {
        correct += InferBench.argmax(logits[b], 0, CLASSES) == test.label(from + b) ? 1 : 0;
      }
    }
    return (double) correct / test.size();
  }

  /** The largest |netc - ORT| over the logits of the first 256 test images. */
  private static double maxDifference(OrtEnvironment env, OrtSession session, GeneratedModel netc, Dataset test)
      throws OrtException {
    int count = Math.min(InferBench.BATCH, test.size());
    float[][] ort = run(env, session, test, 0, count);
    Workspace ws = netc.newWorkspace(count);
    float[] out = new float[count * CLASSES];
    netc.forward(ws, Arrays.copyOf(test.inputs(), count * SIZE), out, count, false);
    double max = 0;
    for (int b = 0; b < count; b++) {
      for (int c = 0; c < CLASSES; c++) {
        max = Math.max(max, Math.abs(out[b * CLASSES + c] - ort[b][c]));
      }
    }
    return max;
  }

  private static float[][] run(OrtEnvironment env, OrtSession session, Dataset test, int from, int count)
      throws OrtException {
    FloatBuffer x = FloatBuffer.wrap(Arrays.copyOfRange(test.inputs(), from * SIZE, (from + count) * SIZE));
    try (OnnxTensor in = OnnxTensor.createTensor(env, x, new long[] {count, 1, 28, 28});
        OrtSession.Result r = session.run(Map.of("image", in))) {
      return (float[][]) r.get(0).getValue();
    }
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
