package dev.netc.onnx.idioms;

import java.util.Arrays;
import java.util.function.Function;
import onnx.Onnx.NodeProto;

/**
 * Folds the integer sub-graphs exporters compute shapes with ({@code Shape}, {@code Gather},
 * {@code Unsqueeze}, {@code Concat}, {@code Cast}, integer {@code Add}/{@code Sub}/{@code
 * Mul}/{@code Div}, {@code Slice}, {@code Squeeze}) into values, with the dimensions nobody knows
 * at import time (the batch) as {@link #UNKNOWN}: an element computed from an unknown one is
 * unknown too, so a caller sees exactly which results do not depend on the batch.
 */
public final class ShapeArithmetic {
  /** An element that depends on a dimension not known at import time. */
  public static final long UNKNOWN = Long.MIN_VALUE;

  /** Most nodes one value may take to fold: shape sub-graphs are a handful of nodes. */
  private static final int MAX_DEPTH = 64;

  private final NodeIndex index;
  private final Function<String, long[]> shapes;

  /**
   * @param shapes the dimensions of a value, {@link #UNKNOWN} where not known, or null when not
   *     even its rank is known
   */
  ShapeArithmetic(NodeIndex index, Function<String, long[]> shapes) {
    this.index = index;
    this.shapes = shapes;
  }

  /** The elements of {@code value}, or null when it is not integer shape arithmetic this folds. */
  long[] fold(String value) {
    return fold(value, 0);
  }

  private long[] fold(String value, int depth) {
    long[] constant = index.longs(value);
    if (constant != null || depth > MAX_DEPTH) {
      return constant;
    }
    NodeProto n = index.producer(value);
    if (n == null) {
      return null;
    }
    switch (n.getOpType()) {
      case "Shape" -> {
        long[] dims = shapes.apply(n.getInput(0));
        if (dims == null) {
          return null;
        }
        int rank = dims.length;
        int start = (int) clampAxis(NodeIndex.intAttribute(n, "start", 0), rank);
        int end = (int) clampAxis(NodeIndex.intAttribute(n, "end", rank), rank);
        return Arrays.copyOfRange(dims, start, Math.max(start, end));
      }
      case "Cast", "Identity" -> {
        return fold(n.getInput(0), depth + 1);
      }
      case "Gather" -> {
        long[] data = fold(n.getInput(0), depth + 1);
        long[] indices = fold(n.getInput(1), depth + 1);
        if (data == null || indices == null || NodeIndex.intAttribute(n, "axis", 0) != 0) {
          return null;
        }
        long[] out = new long[indices.length];
        for (int i = 0; i < out.length; i++) {
          long k = indices[i] < 0 ? indices[i] + data.length : indices[i];
          if (indices[i] == UNKNOWN || k < 0 || k >= data.length) {
            return null;
          }
          out[i] = data[(int) k];
        }
        return out;
      }
      case "Unsqueeze", "Squeeze" -> {
        return fold(n.getInput(0), depth + 1);  // flat elements: rank 0 and 1 read the same
      }
      case "Concat" -> {
        long[] out = new long[0];
        for (String in : n.getInputList()) {
          long[] part = fold(in, depth + 1);
          if (part == null) {
            return null;
          }
          long[] joined = Arrays.copyOf(out, out.length + part.length);
          System.arraycopy(part, 0, joined, out.length, part.length);
          out = joined;
        }
        return out;
      }
      case "Add", "Sub", "Mul", "Div" -> {
        long[] a = fold(n.getInput(0), depth + 1);
        long[] b = fold(n.getInput(1), depth + 1);
        return a == null || b == null ? null : elementwise(n.getOpType(), a, b);
      }
      case "Slice" -> {
        long[] data = fold(n.getInput(0), depth + 1);
        long[] starts = n.getInputCount() > 1 ? fold(n.getInput(1), depth + 1) : null;
        long[] ends = n.getInputCount() > 2 ? fold(n.getInput(2), depth + 1) : null;
        if (data == null || starts == null || ends == null || starts.length != 1 || ends.length != 1
            || n.getInputCount() > 4 || starts[0] == UNKNOWN || ends[0] == UNKNOWN) {
          return null;
        }
        int from = (int) clampAxis(starts[0], data.length);
        int to = (int) clampAxis(Math.min(ends[0], data.length), data.length);
        return Arrays.copyOfRange(data, from, Math.max(from, to));
      }
      default -> {
        return null;
      }
    }
  }

  private static long clampAxis(long i, int length) {
    long k = i < 0 ? i + length : i;
    return Math.max(0, Math.min(length, k));
  }

  /** Numpy broadcasting of two flat vectors (equal lengths or one of length 1); ONNX's integer Div truncates. */
  private static long[] elementwise(String op, long[] a, long[] b) {
    if (a.length != b.length && a.length != 1 && b.length != 1) {
      return null;
    }
    long[] out = new long[Math.max(a.length, b.length)];
    for (int i = 0; i < out.length; i++) {
      long x = a[a.length == 1 ? 0 : i];
      long y = b[b.length == 1 ? 0 : i];
      if (x == UNKNOWN || y == UNKNOWN) {
        out[i] = UNKNOWN;
        continue;
      }
      out[i] = switch (op) {
        case "Add" -> x + y;
        case "Sub" -> x - y;
        case "Mul" -> x * y;
        default -> {
          if (y == 0) {
            yield UNKNOWN;
          }
          yield x / y;
        }
      };
    }
    return out;
  }
}
