package dev.netc.peers.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX Runtime (Java API, CPU, 1 intra-op and 1 inter-op thread, sequential execution, all graph
 * optimizations) on the ONNX files dev.netc.bench.EpochBench exported from the netc-trained
 * models: the same weights, so the accuracy must equal netc's. Inference only. The measurement
 * protocol is dev.netc.bench.InferBench's (5,000 warm-up calls, 20,000 timed batch-1 calls,
 * median and p99; batch 256 for at least 2 s after 1 s of warm-up):
 *
 * <ul>
 *   <li>{@code b1}: from a {@code float[]}: wrap it, create the tensor, run, read the output as
 *       {@code float[][]}, close everything: what a caller holding Java arrays does;
 *   <li>{@code b1t}: with its own tensors: input tensors over direct buffers created beforehand
 *       (a ring of 1,000 images), and a pinned output tensor whose direct buffer is read back.
 * </ul>
 *
 * <p>Usage: {@code OrtPeer MODEL_DIR DATA_DIR}; prints {@code METRIC key value}.
 */
public final class OrtPeer {
  static final int WARMUP_CALLS = 5_000;
  static final int TIMED_CALLS = 20_000;
  static final int RING = 1_000;
  static final int BATCH = 256;

  private OrtPeer() {}

  public static void main(String[] args) throws Exception {
    Path models = Path.of(args[0]);
    FashionIdx test = FashionIdx.testSet(Path.of(args[1]));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    System.out.println("onnxruntime " + env.getVersion() + ", test images: " + test.count());
    for (String kind : List.of("mlp", "cnn")) {
      try (OrtSession.SessionOptions opts = options();
           OrtSession session = env.createSession(models.resolve(kind + ".onnx").toString(), opts)) {
        long[] one = kind.equals("mlp") ? new long[] {1, 784} : new long[] {1, 1, 28, 28};
        checkReference(env, session, test, one, models.resolve(kind + ".ref"), kind);
        measure(env, session, test, one, kind);
      }
    }
  }

  static OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    opts.setIntraOpNumThreads(1);
    opts.setInterOpNumThreads(1);
    opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    return opts;
  }

  static long[] shape(long[] one, int batch) {
    long[] s = one.clone();
    s[0] = batch;
    return s;
  }

  /** Largest difference from netc's outputs on the first test images (the export check). */
  static void checkReference(OrtEnvironment env, OrtSession session, FashionIdx test, long[] one, Path ref,
      String kind) throws Exception {
    if (!Files.isRegularFile(ref)) {
      return;
    }
    List<String> lines = Files.readAllLines(ref);
    double worst = 0;
    for (int i = 0; i < lines.size(); i++) {
      float[] expected = parse(lines.get(i));
      float[] got = predict(env, session, image(test, i), one);
      for (int j = 0; j < expected.length; j++) {
        worst = Math.max(worst, Math.abs(expected[j] - got[j]));
      }
    }
    System.out.printf(Locale.ROOT, "METRIC %s.max_abs_diff_vs_netc %.3e%n", kind, worst);
  }

  static float[] parse(String line) {
    String[] parts = line.trim().split("\\s+");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }

  static float[] image(FashionIdx test, int i) {
    return Arrays.copyOfRange(test.images(), i * test.imageSize(), (i + 1) * test.imageSize());
  }

  /** The float[] path: everything a caller with a Java array does, per call. */
  static float[] predict(OrtEnvironment env, OrtSession session, float[] x, long[] one) throws OrtException {
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), one);
         OrtSession.Result r = session.run(Map.of("image", in))) {
      return ((float[][]) r.get(0).getValue())[0];
    }
  }

  static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  static void measure(OrtEnvironment env, OrtSession session, FashionIdx test, long[] one, String kind)
      throws Exception {
    int n = test.count();
    int size = test.imageSize();
    float[][] images = new float[n][];
    for (int i = 0; i < n; i++) {
      images[i] = image(test, i);
    }
    // batch 1 from float[]
    float sink = 0;
    for (int i = 0; i < WARMUP_CALLS; i++) {
      sink += predict(env, session, images[i % n], one)[0];
    }
    long[] t = new long[TIMED_CALLS];
    for (int i = 0; i < TIMED_CALLS; i++) {
      float[] x = images[i % n];
      long start = System.nanoTime();
      float[] y = predict(env, session, x, one);
      t[i] = System.nanoTime() - start;
      sink += y[0];
    }
    Arrays.sort(t);
    metric(kind + ".b1.median_us", t[TIMED_CALLS / 2] / 1e3);
    metric(kind + ".b1.p99_us", t[(int) (TIMED_CALLS * 0.99)] / 1e3);

    // batch 1 with its own tensors
    int ring = Math.min(RING, n);
    OnnxTensor[] inputs = new OnnxTensor[ring];
    @SuppressWarnings("unchecked")
    Map<String, OnnxTensor>[] feeds = new Map[ring];
    for (int i = 0; i < ring; i++) {
      FloatBuffer b = direct(size);
      b.put(images[i]).rewind();
      inputs[i] = OnnxTensor.createTensor(env, b, one);
      feeds[i] = Map.of("image", inputs[i]);
    }
    FloatBuffer outBuf = direct(10);
    float[] out = new float[10];
    try (OnnxTensor pinned = OnnxTensor.createTensor(env, outBuf, new long[] {1, 10})) {
      Map<String, OnnxTensor> outputs = Map.of("logits", pinned);
      for (int i = 0; i < WARMUP_CALLS; i++) {
        session.run(feeds[i % ring], outputs).close();
        outBuf.get(0, out);
      }
      for (int i = 0; i < TIMED_CALLS; i++) {
        Map<String, OnnxTensor> feed = feeds[i % ring];
        long start = System.nanoTime();
        session.run(feed, outputs).close();
        outBuf.get(0, out);
        t[i] = System.nanoTime() - start;
        sink += out[0];
      }
    }
    for (OnnxTensor x : inputs) {
      x.close();
    }
    Arrays.sort(t);
    metric(kind + ".b1t.median_us", t[TIMED_CALLS / 2] / 1e3);
    metric(kind + ".b1t.p99_us", t[(int) (TIMED_CALLS * 0.99)] / 1e3);

    // batch 256, own tensors
    int batches = Math.max(1, Math.min(8, n / BATCH));
    OnnxTensor[] big = new OnnxTensor[batches];
    FloatBuffer bigOut = direct(BATCH * 10);
    try (OnnxTensor pinned = OnnxTensor.createTensor(env, bigOut, new long[] {BATCH, 10})) {
      Map<String, OnnxTensor> outputs = Map.of("logits", pinned);
      for (int r = 0; r < batches; r++) {
        FloatBuffer b = direct(BATCH * size);
        b.put(test.images(), r * BATCH * size, BATCH * size).rewind();
        big[r] = OnnxTensor.createTensor(env, b, shape(one, BATCH));
      }
      long end = System.nanoTime() + 1_000_000_000L;
      for (int i = 0; System.nanoTime() < end; i++) {
        session.run(Map.of("image", big[i % batches]), outputs).close();
      }
      long start = System.nanoTime();
      end = start + 2_000_000_000L;
      long calls = 0;
      long now;
      do {
        session.run(Map.of("image", big[(int) (calls % batches)]), outputs).close();
        calls++;
        now = System.nanoTime();
      } while (now < end || calls < 10);
      metric(kind + ".b256.img_s", calls * BATCH / ((now - start) / 1e9));
    }
    for (OnnxTensor x : big) {
      x.close();
    }

    // accuracy on the whole test set, batches of 256 through the float[] path
    int correct = 0;
    for (int from = 0; from < n; from += BATCH) {
      int count = Math.min(BATCH, n - from);
      FloatBuffer b = FloatBuffer.wrap(test.images(), from * size, count * size).slice();
      try (OnnxTensor in = OnnxTensor.createTensor(env, b, shape(one, count));
           OrtSession.Result r = session.run(Map.of("image", in))) {
        float[][] y = (float[][]) r.get(0).getValue();
        for (int i = 0; i < count; i++) {
          if (argmax(y[i]) == test.labels()[from + i]) {
            correct++;
          }
        }
      }
    }
    metric(kind + ".acc", (double) correct / n);
    if (sink == 42) {
      System.out.println();
    }
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static void metric(String key, double value) {
    System.out.printf(Locale.ROOT, "METRIC %s %.4f%n", key, value);
  }
}
