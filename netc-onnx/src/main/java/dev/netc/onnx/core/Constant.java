package dev.netc.onnx.core;

import java.util.Arrays;

/**
 * A value the importer knows before run time: an initializer, a {@code Constant} node's tensor, or
 * the result of folding a shape computation. Integer tensors keep exact {@code long}s; an element
 * that stands for the batch size, unknown until run time, is {@link #BATCH}.
 *
 * @param dims the tensor's dims (empty for a scalar)
 * @param floats the values of a floating-point tensor, or null
 * @param longs the values of an integer tensor, or null
 */
public record Constant(long[] dims, float[] floats, long[] longs) {

  /** The batch size in a folded shape: only data movement (Gather, Concat, Slice...) keeps it. */
  public static final long BATCH = Long.MIN_VALUE;

  /** A float tensor. */
  public static Constant ofFloats(float[] values, long... dims) {
    return new Constant(dims.clone(), values, null);
  }

  /** An integer tensor. */
  public static Constant ofLongs(long[] values, long... dims) {
    return new Constant(dims.clone(), null, values);
  }

  /** Whether the tensor holds integers (then {@link #longs()} is set, else {@link #floats()}). */
  public boolean isInteger() {
    return longs != null;
  }

  /** The number of elements. */
  public int size() {
    return isInteger() ? longs.length : floats.length;
  }

  /** The number of dims (0 for a scalar). */
  public int rank() {
    return dims.length;
  }

  /** Whether any element is the symbolic batch size. */
  public boolean hasBatch() {
    return longs != null && Arrays.stream(longs).anyMatch(v -> v == BATCH);
  }

  /** The values as floats (integers converted; the batch marker is not allowed here). */
  public float[] asFloats() {
    if (floats != null) {
      return floats.clone();
    }
    float[] v = new float[longs.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = longs[i];
    }
    return v;
  }

  /** The values as longs (floats truncated toward zero, as ONNX Cast does). */
  public long[] asLongs() {
    if (longs != null) {
      return longs.clone();
    }
    long[] v = new long[floats.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (long) floats[i];
    }
    return v;
  }

  /** Element {@code i} as a double. */
  public double get(int i) {
    return isInteger() ? longs[i] : floats[i];
  }

  /** {@code float [5, 36]}: the type and dims, for messages about weights. */
  public String describe() {
    return (isInteger() ? "int64 " : "float ") + Arrays.toString(dims);
  }

  /** {@code [2, 3] int64 [1, 2, 3, 4, 5, 6]}, the batch size shown as {@code batch}, long lists cut. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(Arrays.toString(dims)).append(isInteger() ? " int64 [" : " float [");
    int n = Math.min(size(), 8);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ", ");
      sb.append(isInteger() && longs[i] == BATCH ? "batch" : isInteger() ? Long.toString(longs[i]) : Float.toString(floats[i]));
    }
    return sb.append(size() > n ? ", ...]" : "]").toString();
  }
}
