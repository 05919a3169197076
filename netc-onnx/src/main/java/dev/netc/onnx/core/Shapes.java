package dev.netc.onnx.core;

/** Shape arithmetic of ONNX ops the importer needs before netc checks the network. */
public final class Shapes {
  private Shapes() {}

  /**
   * The dims ONNX Reshape gives {@code input} for {@code shape} (0 copies the input's dim, one -1
   * takes what is left; {@code allowzero} 0), or null when the shape does not fit.
   */
  public static long[] resolveReshape(long[] input, long[] shape) {
    long[] out = shape.clone();
    long total = 1;
    for (long d : input) {
      total *= d;
    }
    int infer = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        if (i >= input.length) {
          return null;
        }
        out[i] = input[i];
      }
      if (out[i] == -1) {
        if (infer >= 0) {
          return null;
        }
        infer = i;
      } else if (out[i] < 0) {
        return null;
      } else {
        known *= out[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || total % known != 0) {
        return null;
      }
      out[infer] = total / known;
    } else if (known != total) {
      return null;
    }
    return out;
  }

  /**
   * Output length of a window over {@code n} inputs: {@code floor((n + padBefore + padAfter -
   * dilation * (k - 1) - 1) / stride) + 1}, or a non-positive number when the window does not fit.
   */
  public static int windowOutput(int n, int k, int stride, int dilation, int padBefore, int padAfter) {
    long span = (long) dilation * (k - 1) + 1;
    long room = (long) n + padBefore + padAfter - span;
    return room < 0 ? 0 : (int) (room / stride + 1);
  }

  /** The per-example dims as ints, each positive and at most {@code Integer.MAX_VALUE}, or null. */
  public static int[] toInts(long[] dims) {
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] <= 0 || dims[i] > Integer.MAX_VALUE) {
        return null;
      }
      out[i] = (int) dims[i];
    }
    return out;
  }

  /** {@code [batch, d...]} as longs with the batch as {@link Constant#BATCH}. */
  public static long[] withBatch(int[] perExample) {
    long[] out = new long[perExample.length + 1];
    out[0] = Constant.BATCH;
    for (int i = 0; i < perExample.length; i++) {
      out[i + 1] = perExample[i];
    }
    return out;
  }
}
