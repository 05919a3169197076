package dev.netc.onnx.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tensor operations {@link ConstantFolder} evaluates, on {@link Constant}s, following the ONNX
 * operator specification (numpy broadcasting, negative axes counting from the end). Each returns
 * null for an input it cannot fold (out-of-range indices, the batch size in arithmetic), which
 * leaves the node to the op mappings.
 */
final class Folding {
  private Folding() {}

  private static int axis(long a, int rank) {
    long r = a < 0 ? a + rank : a;
    return r < 0 || r >= rank ? -1 : (int) r;
  }

  /** The most values a folded constant may have: shape arithmetic needs a handful, weights come from initializers. */
  static final long MAX_FOLDED_VALUES = 1 << 20;

  /**
   * The element count of {@code dims}, refused ({@link TooLarge}) above {@link #MAX_FOLDED_VALUES}
   * before anything of that size is allocated.
   */
  private static long count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new TooLarge("a negative dimension " + d);
      }
      if (n != 0 && d > MAX_FOLDED_VALUES / n) {
        throw new TooLarge("more than " + MAX_FOLDED_VALUES + " values " + Arrays.toString(dims));
      }
      n *= d;
    }
    return n;
  }

  /** A constant the importer will not compute: too many values, or a dimension that cannot be. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(String what) {
      super(what);
    }
  }

  private static long[] strides(long[] dims) {
    long[] s = new long[dims.length];
    long acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  /** A constant of {@code dims} whose element i is element {@code from[i]} of {@code src}. */
  private static Constant take(Constant src, int[] from, long[] dims) {
    if (src.isInteger()) {
      long[] v = new long[from.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = src.longs()[from[i]];
      }
      return Constant.ofLongs(v, dims);
    }
    float[] v = new float[from.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = src.floats()[from[i]];
    }
    return Constant.ofFloats(v, dims);
  }

  /** The multi-index of flat position {@code flat} in a tensor of {@code dims}. */
  private static long[] unravel(long flat, long[] dims) {
    long[] idx = new long[dims.length];
    for (int d = dims.length - 1; d >= 0; d--) {
      idx[d] = dims[d] == 0 ? 0 : flat % dims[d];
      flat = dims[d] == 0 ? 0 : flat / dims[d];
    }
    return idx;
  }

  static Constant gather(Constant data, Constant indices, int axisAttr) {
    int a = axis(axisAttr, data.rank());
    if (a < 0 || !indices.isInteger() || indices.hasBatch()) {
      return null;
    }
    long n = data.dims()[a];
    long[] idx = indices.asLongs();
    for (int i = 0; i < idx.length; i++) {
      idx[i] = idx[i] < 0 ? idx[i] + n : idx[i];
      if (idx[i] < 0 || idx[i] >= n) {
        return null;
      }
    }
    long[] outDims = new long[data.rank() - 1 + indices.rank()];
    System.arraycopy(data.dims(), 0, outDims, 0, a);
    System.arraycopy(indices.dims(), 0, outDims, a, indices.rank());
    System.arraycopy(data.dims(), a + 1, outDims, a + indices.rank(), data.rank() - a - 1);
    long[] st = strides(data.dims());
    int[] from = new int[(int) count(outDims)];
    for (int i = 0; i < from.length; i++) {
      long[] o = unravel(i, outDims);
      long flatIndex = 0;
      for (int k = 0; k < indices.rank(); k++) {
        flatIndex = flatIndex * indices.dims()[k] + o[a + k];
      }
      long src = 0;
      for (int d = 0; d < a; d++) {
        src += o[d] * st[d];
      }
      src += idx[(int) flatIndex] * st[a];
      for (int d = a + 1; d < data.rank(); d++) {
        src += o[d - 1 + indices.rank()] * st[d];
      }
      from[i] = (int) src;
    }
    return take(data, from, outDims);
  }

  static Constant unsqueeze(Constant x, long[] axes) {
    if (axes == null) {
      return null;
    }
    int rank = x.rank() + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      int r = axis(a, rank);
      if (r < 0 || inserted[r]) {
        return null;
      }
      inserted[r] = true;
    }
    long[] dims = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      dims[i] = inserted[i] ? 1 : x.dims()[j++];
    }
    return reshape(x, dims);
  }

  static Constant squeeze(Constant x, long[] axes) {
    List<Long> dims = new ArrayList<>();
    boolean[] drop = new boolean[x.rank()];
    if (axes == null) {
      for (int i = 0; i < x.rank(); i++) {
        drop[i] = x.dims()[i] == 1;
      }
    } else {
      for (long a : axes) {
        int r = axis(a, x.rank());
        if (r < 0 || x.dims()[r] != 1) {
          return null;
        }
        drop[r] = true;
      }
    }
    for (int i = 0; i < x.rank(); i++) {
      if (!drop[i]) {
        dims.add(x.dims()[i]);
      }
    }
    return reshape(x, dims.stream().mapToLong(Long::longValue).toArray());
  }

  static Constant reshape(Constant x, long[] dims) {
    if (dims == null || count(dims) != x.size()) {
      return null;
    }
    return x.isInteger() ? Constant.ofLongs(x.longs(), dims) : Constant.ofFloats(x.floats(), dims);
  }

  static Constant flatten(Constant x, int axisAttr) {
    int a = axisAttr < 0 ? axisAttr + x.rank() : axisAttr;
    if (a < 0 || a > x.rank()) {
      return null;
    }
    long outer = count(Arrays.copyOfRange(x.dims(), 0, a));
    return reshape(x, new long[] {outer, x.size() / Math.max(1, outer)});
  }

  static Constant concat(List<Constant> parts, int axisAttr) {
    Constant first = parts.get(0);
    int a = axis(axisAttr, first.rank());
    if (a < 0) {
      return null;
    }
    boolean integer = first.isInteger();
    long[] dims = first.dims().clone();
    dims[a] = 0;
    for (Constant p : parts) {
      if (p == null || p.isInteger() != integer || p.rank() != first.rank()) {
        return null;
      }
      for (int d = 0; d < dims.length; d++) {
        if (d != a && p.dims()[d] != first.dims()[d]) {
          return null;
        }
      }
      dims[a] += p.dims()[a];
    }
    long outer = count(Arrays.copyOfRange(dims, 0, a));
    long inner = count(Arrays.copyOfRange(dims, a + 1, dims.length));
    long[] lv = integer ? new long[(int) count(dims)] : null;
    float[] fv = integer ? null : new float[(int) count(dims)];
    int pos = 0;
    for (long o = 0; o < outer; o++) {
      for (Constant p : parts) {
        int block = (int) (p.dims()[a] * inner);
        int from = (int) (o * block);
        if (integer) {
          System.arraycopy(p.longs(), from, lv, pos, block);
        } else {
          System.arraycopy(p.floats(), from, fv, pos, block);
        }
        pos += block;
      }
    }
    return integer ? Constant.ofLongs(lv, dims) : Constant.ofFloats(fv, dims);
  }

  /** Slice with starts, ends and optional axes and steps as inputs 1 to 4 (opset 10 and later). */
  static Constant slice(Constant x, List<Constant> in) {
    if (in.size() < 3 || in.get(1) == null || in.get(2) == null) {
      return null;
    }
    long[] starts = in.get(1).asLongs();
    long[] ends = in.get(2).asLongs();
    long[] axes = in.size() > 3 && in.get(3) != null ? in.get(3).asLongs() : null;
    long[] steps = in.size() > 4 && in.get(4) != null ? in.get(4).asLongs() : null;
    int rank = x.rank();
    long[] begin = new long[rank];
    long[] step = new long[rank];
    long[] dims = x.dims().clone();
    Arrays.fill(step, 1);
    for (int k = 0; k < starts.length; k++) {
      int a = axis(axes == null ? k : axes[k], rank);
      long s = steps == null ? 1 : steps[k];
      if (a < 0 || s == 0 || k >= ends.length) {
        return null;
      }
      long n = x.dims()[a];
      long lo = starts[k] < 0 ? starts[k] + n : starts[k];
      long hi = ends[k] < 0 ? ends[k] + n : ends[k];
      if (s > 0) {
        lo = Math.max(0, Math.min(lo, n));
        hi = Math.max(0, Math.min(hi, n));
        dims[a] = Math.max(0, (hi - lo + s - 1) / s);
      } else {
        lo = Math.max(-1, Math.min(lo, n - 1));
        hi = Math.max(-1, Math.min(hi, n - 1));
        dims[a] = Math.max(0, (lo - hi - s - 1) / -s);
      }
      begin[a] = lo;
      step[a] = s;
    }
    long[] st = strides(x.dims());
    int[] from = new int[(int) count(dims)];
    for (int i = 0; i < from.length; i++) {
      long[] o = unravel(i, dims);
      long src = 0;
      for (int d = 0; d < rank; d++) {
        src += (begin[d] + o[d] * step[d]) * st[d];
      }
      from[i] = (int) src;
    }
    return take(x, from, dims);
  }

  static Constant transpose(Constant x, long[] perm) {
    int rank = x.rank();
    long[] p = perm;
    if (p == null) {
      p = new long[rank];
      for (int i = 0; i < rank; i++) {
        p[i] = rank - 1 - i;
      }
    }
    if (p.length != rank) {
      return null;
    }
    long[] dims = new long[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = x.dims()[(int) p[i]];
    }
    long[] st = strides(x.dims());
    int[] from = new int[x.size()];
    for (int i = 0; i < from.length; i++) {
      long[] o = unravel(i, dims);
      long src = 0;
      for (int d = 0; d < rank; d++) {
        src += o[d] * st[(int) p[d]];
      }
      from[i] = (int) src;
    }
    return take(x, from, dims);
  }

  /** Cast to ONNX data type {@code to}: floating types give floats, the others integers. */
  static Constant cast(Constant x, int to) {
    boolean floating = to == 1 || to == 10 || to == 11 || to == 16;
    if (floating) {
      return x.hasBatch() ? null : Constant.ofFloats(x.asFloats(), x.dims());
    }
    return Constant.ofLongs(x.asLongs(), x.dims());
  }

  static Constant constantOfShape(Constant shape, Constant value) {
    long[] dims = shape.asLongs();
    long n = count(dims);
    if (value == null || value.size() != 1 || n < 0 || n > Integer.MAX_VALUE) {
      return null;
    }
    if (value.isInteger()) {
      long[] v = new long[(int) n];
      Arrays.fill(v, value.longs()[0]);
      return Constant.ofLongs(v, dims);
    }
    float[] v = new float[(int) n];
    Arrays.fill(v, value.floats()[0]);
    return Constant.ofFloats(v, dims);
  }

  static Constant sqrt(Constant x) {
    float[] v = x.asFloats();
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sqrt(v[i]);
    }
    return Constant.ofFloats(v, x.dims());
  }

  /** Element-wise Add, Sub, Mul or Div with numpy broadcasting; integer Div truncates. */
  static Constant arithmetic(String op, Constant a, Constant b) {
    if (a.hasBatch() || b.hasBatch()) {
      return null;
    }
    int rank = Math.max(a.rank(), b.rank());
    long[] dims = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.rank() ? 1 : a.dims()[i - (rank - a.rank())];
      long db = i < rank - b.rank() ? 1 : b.dims()[i - (rank - b.rank())];
      if (da != db && da != 1 && db != 1) {
        return null;
      }
      dims[i] = da == 1 ? db : da;  // numpy: 1 stretches to the other, 0 stays 0
    }
    int n = (int) count(dims);
    int[] ia = broadcastIndex(a.dims(), dims, n);
    int[] ib = broadcastIndex(b.dims(), dims, n);
    if (a.isInteger() && b.isInteger()) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        long x = a.longs()[ia[i]];
        long y = b.longs()[ib[i]];
        if (op.equals("Div") && y == 0) {
          return null;
        }
        v[i] = switch (op) {
          case "Add" -> x + y;
          case "Sub" -> x - y;
          case "Mul" -> x * y;
          default -> x / y;
        };
      }
      return Constant.ofLongs(v, dims);
    }
    float[] fa = a.asFloats();
    float[] fb = b.asFloats();
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      float x = fa[ia[i]];
      float y = fb[ib[i]];
      v[i] = switch (op) {
        case "Add" -> x + y;
        case "Sub" -> x - y;
        case "Mul" -> x * y;
        default -> x / y;
      };
    }
    return Constant.ofFloats(v, dims);
  }

  private static int[] broadcastIndex(long[] own, long[] dims, int n) {
    int offset = dims.length - own.length;
    long[] st = strides(own);
    int[] from = new int[n];
    for (int i = 0; i < n; i++) {
      long[] o = unravel(i, dims);
      long src = 0;
      for (int d = 0; d < own.length; d++) {
        src += (own[d] == 1 ? 0 : o[d + offset]) * st[d];
      }
      from[i] = (int) src;
    }
    return from;
  }
}
