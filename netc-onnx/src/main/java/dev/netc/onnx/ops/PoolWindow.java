package dev.netc.onnx.ops;

import dev.netc.codegen.base.Shape;
import dev.netc.codegen.ops.Window;

/**
 * The {@link Window} of a checked pool layer, which the op catalogue does not hand out (pools are
 * no convolutions to the cost model): the same geometry rules as {@code Window}'s, namely valid,
 * TensorFlow's 'same' (the odd padding unit at the end) or an explicit symmetric list per axis.
 */
final class PoolWindow {
  private PoolWindow() {}

  static Window of(Shape input, int[] size, int[] stride, Object padding) {
    int dims = input.rank() - 1;
    int c = input.dim(0);
    int h = dims == 2 ? input.dim(1) : 1;
    int w = input.dim(dims);
    int[] k = perAxis(size, dims);
    int[] s = perAxis(stride, dims);
    int[] before = new int[2];
    int[] after = new int[2];
    int[] n = {h, w};
    for (int a = 0; a < 2; a++) {
      if (dims == 1 && a == 0) {
        continue;
      }
      if ("same".equals(padding)) {
        int out = (n[a] + s[a] - 1) / s[a];
        int total = Math.max((out - 1) * s[a] + k[a] - n[a], 0);
        before[a] = total / 2;
        after[a] = total - total / 2;
      } else if (padding instanceof int[] p) {
        int[] pp = perAxis(p, dims);
        before[a] = pp[a];
        after[a] = pp[a];
      }
    }
    int oh = (h + before[0] + after[0] - k[0]) / s[0] + 1;
    int ow = (w + before[1] + after[1] - k[1]) / s[1] + 1;
    return new Window(dims, c, h, w, k[0], k[1], s[0], s[1], 1, 1, before[0], after[0], before[1], after[1], oh, ow);
  }

  /** One value or one per axis, as {@code [height, width]} with height 1 for 1d. */
  private static int[] perAxis(int[] v, int dims) {
    if (dims == 1) {
      return new int[] {1, v[0]};
    }
    return v.length == 1 ? new int[] {v[0], v[0]} : new int[] {v[0], v[1]};
  }
}
