package dev.netc.peers.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test examples of one model as ONNX Runtime tensors: float images or int64 token ids, each
 * of {@code exampleShape} (without the batch axis), with the class expected at each of {@code
 * positions} output positions (1 for an image classifier, 64 for the character transformer).
 */
record Examples(float[] floats, long[] longs, long[] exampleShape, int count, int[] labels, int positions) {

  /** Fashion-MNIST test images as {@code [1, 28, 28]} float tensors. */
  static Examples images(FashionIdx test) {
    return new Examples(test.images(), null, new long[] {1, 28, 28}, test.count(), test.labels(), 1);
  }

  /**
   * The character transformer's held-out windows, as dev.netc.bench.SampleEpochs.writeWindows
   * writes them: little-endian int32 n, T, then n x T ids and n x T next ids.
   */
  static Examples windows(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int n = b.getInt();
    int steps = b.getInt();
    long[] ids = new long[n * steps];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = b.getInt();
    }
    int[] next = new int[n * steps];
    for (int i = 0; i < next.length; i++) {
      next[i] = b.getInt();
    }
    return new Examples(null, ids, new long[] {steps}, n, next, steps);
  }

  /** Values per example. */
  int size() {
    long s = 1;
    for (long d : exampleShape) {
      s *= d;
    }
    return (int) s;
  }

  long[] shape(int batch) {
    long[] s = new long[exampleShape.length + 1];
    s[0] = batch;
    System.arraycopy(exampleShape, 0, s, 1, exampleShape.length);
    return s;
  }

  /** Examples {@code from .. from + n} wrapping the Java array: what a caller holding arrays does per call. */
  OnnxTensor wrap(OrtEnvironment env, int from, int n) throws OrtException {
    int size = size();
    return floats != null
        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(floats, from * size, n * size).slice(), shape(n))
        : OnnxTensor.createTensor(env, LongBuffer.wrap(longs, from * size, n * size).slice(), shape(n));
  }

  /**
   * Examples {@code from .. from + n} copied once into a direct buffer (the peer's own tensors);
   * past the last example it wraps around to the first.
   */
  OnnxTensor direct(OrtEnvironment env, int from, int n) throws OrtException {
    int size = size();
    ByteBuffer b = ByteBuffer.allocateDirect(n * size * (floats != null ? 4 : 8)).order(ByteOrder.nativeOrder());
    if (floats != null) {
      FloatBuffer f = b.asFloatBuffer();
      for (int i = 0; i < n; i++) {
        f.put(floats, (from + i) % count * size, size);
      }
      return OnnxTensor.createTensor(env, f.rewind(), shape(n));
    }
    LongBuffer l = b.asLongBuffer();
    for (int i = 0; i < n; i++) {
      l.put(longs, (from + i) % count * size, size);
    }
    return OnnxTensor.createTensor(env, l.rewind(), shape(n));
  }
}
