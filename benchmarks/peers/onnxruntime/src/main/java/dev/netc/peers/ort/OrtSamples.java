package dev.netc.peers.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
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
 * ONNX Runtime on the sample-network rows of the peer harness, with {@link OrtPeer}'s session
 * options (1 intra- and inter-op thread, sequential, all optimizations) and protocol:
 *
 * <ul>
 *   <li>resnet: FashionResnet as netc trained and exported it ({@code MODEL_DIR/resnet.onnx});
 *   <li>transformer: CharTransformer as netc trained and exported it ({@code
 *       MODEL_DIR/transformer.onnx}, int64 ids), on the held-out windows netc wrote ({@code
 *       MODEL_DIR/transformer.test}), accuracy per position;
 *   <li>imported: {@code fashion_cnn.onnx} itself, the PyTorch-trained file netc imports.
 * </ul>
 *
 * <p>Each gets {@code b1} (from a Java array, per call: tensor, run, output copied, closed),
 * {@code b1t} (its own tensors: inputs in direct buffers made beforehand, a pinned output),
 * {@code b256} (own tensors, at least 2 s after 1 s of warm-up) and the accuracy; resnet and the
 * transformer run {@value #LARGE_WARMUP} warm-up and {@value #LARGE_TIMED} timed batch-1 calls (as
 * dev.netc.bench.InferBench does for them), imported {@link OrtPeer}'s 5,000 and 20,000. Where netc
 * wrote its outputs for the first test inputs ({@code resnet.ref}, {@code transformer.ref}), the
 * largest difference is printed as the export check.
 *
 * <p>Usage: {@code OrtSamples MODEL_DIR DATA_DIR IMPORTED_ONNX [resnet,transformer,imported]};
 * prints {@code METRIC key value}.
 */
public final class OrtSamples {
  static final int LARGE_WARMUP = 500;
  static final int LARGE_TIMED = 2_000;
  static final int RING = 1_000;
  static final int BATCH = 256;

  private OrtSamples() {}

  public static void main(String[] args) throws Exception {
    Path models = Path.of(args[0]);
    FashionIdx test = FashionIdx.testSet(Path.of(args[1]));
    Path imported = Path.of(args[2]);
    List<String> kinds = args.length > 3 ? List.of(args[3].split(",")) : List.of("resnet", "transformer", "imported");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    System.out.println("onnxruntime " + env.getVersion());
    for (String kind : kinds) {
      switch (kind) {
        case "resnet" -> run(env, models.resolve("resnet.onnx"), Examples.images(test), kind, LARGE_WARMUP,
            LARGE_TIMED, models.resolve("resnet.ref"));
        case "transformer" -> run(env, models.resolve("transformer.onnx"),
            Examples.windows(models.resolve("transformer.test")), kind, LARGE_WARMUP, LARGE_TIMED,
            models.resolve("transformer.ref"));
        case "imported" -> run(env, imported, Examples.images(test), kind, OrtPeer.WARMUP_CALLS,
            OrtPeer.TIMED_CALLS, null);
        default -> throw new IllegalArgumentException("unknown model " + kind + " (resnet, transformer, imported)");
      }
    }
  }

  static void run(OrtEnvironment env, Path file, Examples examples, String kind, int warmup, int timed, Path ref)
      throws Exception {
    try (OrtSession.SessionOptions opts = OrtPeer.options();
         OrtSession session = env.createSession(file.toString(), opts)) {
      String input = session.getInputNames().iterator().next();
      String output = session.getOutputNames().iterator().next();
      long[] outShape = ((TensorInfo) session.getOutputInfo().get(output).getInfo()).getShape();
      int outSize = 1;
      for (int i = 1; i < outShape.length; i++) {
        outSize *= (int) outShape[i];
      }
      Io io = new Io(input, output, outShape, outSize);
      if (ref != null && Files.isRegularFile(ref)) {
        checkReference(env, session, examples, io, ref, kind);
      }
      batchOne(env, session, examples, io, kind, warmup, timed);
      batch256(env, session, examples, io, kind);
      OrtPeer.metric(kind + ".acc", accuracy(env, session, examples, io));
    }
  }

  /** A session's input and output names, the output's shape ({@code -1} or 0 for the batch) and its values per example. */
  record Io(String input, String output, long[] outShape, int outSize) {
    long[] outShape(int batch) {
      long[] s = outShape.clone();
      s[0] = batch;
      return s;
    }
  }

  /** One example's outputs through the Java-array path. */
  static float[] predict(OrtEnvironment env, OrtSession session, Examples examples, Io io, int i) throws OrtException {
    try (OnnxTensor in = examples.wrap(env, i, 1);
         OrtSession.Result r = session.run(Map.of(io.input(), in))) {
      FloatBuffer y = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] out = new float[y.remaining()];
      y.get(out);
      return out;
    }
  }

  static void checkReference(OrtEnvironment env, OrtSession session, Examples examples, Io io, Path ref, String kind)
      throws Exception {
    List<String> lines = Files.readAllLines(ref);
    double worst = 0;
    for (int i = 0; i < lines.size(); i++) {
      float[] expected = OrtPeer.parse(lines.get(i));
      float[] got = predict(env, session, examples, io, i);
      for (int j = 0; j < expected.length; j++) {
        worst = Math.max(worst, Math.abs(expected[j] - got[j]));
      }
    }
    System.out.printf(Locale.ROOT, "METRIC %s.max_abs_diff_vs_netc %.3e%n", kind, worst);
  }

  static void batchOne(OrtEnvironment env, OrtSession session, Examples examples, Io io, String kind, int warmup,
      int timed) throws Exception {
    int n = examples.count();
    float sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += predict(env, session, examples, io, i % n)[0];
    }
    long[] t = new long[timed];
    for (int i = 0; i < timed; i++) {
      long start = System.nanoTime();
      float[] y = predict(env, session, examples, io, i % n);
      t[i] = System.nanoTime() - start;
      sink += y[0];
    }
    percentiles(kind + ".b1", t);

    int ring = Math.min(RING, n);
    OnnxTensor[] inputs = new OnnxTensor[ring];
    @SuppressWarnings("unchecked")
    Map<String, OnnxTensor>[] feeds = new Map[ring];
    FloatBuffer outBuf = direct(io.outSize());
    float[] out = new float[io.outSize()];
    try (OnnxTensor pinned = OnnxTensor.createTensor(env, outBuf, io.outShape(1))) {
      for (int i = 0; i < ring; i++) {
        inputs[i] = examples.direct(env, i, 1);
        feeds[i] = Map.of(io.input(), inputs[i]);
      }
      Map<String, OnnxTensor> outputs = Map.of(io.output(), pinned);
      for (int i = 0; i < warmup; i++) {
        session.run(feeds[i % ring], outputs).close();
        outBuf.get(0, out);
      }
      for (int i = 0; i < timed; i++) {
        Map<String, OnnxTensor> feed = feeds[i % ring];
        long start = System.nanoTime();
        session.run(feed, outputs).close();
        outBuf.get(0, out);
        t[i] = System.nanoTime() - start;
        sink += out[0];
      }
    } finally {
      close(inputs);
    }
    percentiles(kind + ".b1t", t);
    if (sink == 42) {
      System.out.println();
    }
  }

  static void batch256(OrtEnvironment env, OrtSession session, Examples examples, Io io, String kind)
      throws Exception {
    int batches = Math.max(1, Math.min(8, examples.count() / BATCH));
    OnnxTensor[] big = new OnnxTensor[batches];
    try (OnnxTensor pinned = OnnxTensor.createTensor(env, direct(BATCH * io.outSize()), io.outShape(BATCH))) {
      for (int r = 0; r < batches; r++) {
        big[r] = examples.direct(env, r * BATCH, BATCH);
      }
      Map<String, OnnxTensor> outputs = Map.of(io.output(), pinned);
      long end = System.nanoTime() + 1_000_000_000L;
      for (int i = 0; System.nanoTime() < end; i++) {
        session.run(Map.of(io.input(), big[i % batches]), outputs).close();
      }
      long start = System.nanoTime();
      end = start + 2_000_000_000L;
      long calls = 0;
      long now;
      do {
        session.run(Map.of(io.input(), big[(int) (calls % batches)]), outputs).close();
        calls++;
        now = System.nanoTime();
      } while (now < end || calls < 10);
      OrtPeer.metric(kind + ".b256.img_s", calls * BATCH / ((now - start) / 1e9));
    } finally {
      close(big);
    }
  }

  /** Correct classes over every example and position, batches of 256 through the Java-array path. */
  static double accuracy(OrtEnvironment env, OrtSession session, Examples examples, Io io) throws OrtException {
    int n = examples.count();
    int classes = io.outSize() / examples.positions();
    long correct = 0;
    for (int from = 0; from < n; from += BATCH) {
      int count = Math.min(BATCH, n - from);
      try (OnnxTensor in = examples.wrap(env, from, count);
           OrtSession.Result r = session.run(Map.of(io.input(), in))) {
        FloatBuffer y = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] v = new float[classes];
        for (int p = 0; p < count * examples.positions(); p++) {
          y.get(p * classes, v);
          correct += OrtPeer.argmax(v) == examples.labels()[from * examples.positions() + p] ? 1 : 0;
        }
      }
    }
    return (double) correct / ((long) n * examples.positions());
  }

  static void percentiles(String key, long[] t) {
    long[] s = t.clone();
    Arrays.sort(s);
    OrtPeer.metric(key + ".median_us", s[s.length / 2] / 1e3);
    OrtPeer.metric(key + ".p99_us", s[(int) (s.length * 0.99)] / 1e3);
  }

  static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  private static void close(OnnxTensor[] tensors) {
    for (OnnxTensor x : tensors) {
      if (x != null) {
        x.close();
      }
    }
  }
}
