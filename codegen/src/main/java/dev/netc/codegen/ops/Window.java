package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Limits;
import dev.netc.codegen.base.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Sliding-window geometry shared by convolutions and pools, for channels-first inputs {@code [C,
 * L]} (1d) and {@code [C, H, W]} (2d). A 1d window is handled as a 2d one of height 1, so the
 * emitters have one code path.
 *
 * <p>Output size per spatial axis: {@code (n + padBefore + padAfter - dilation * (k - 1) - 1) /
 * stride + 1}. Padding {@code valid} is none; {@code same} follows TensorFlow: output {@code
 * ceil(n / stride)}, total padding {@code max((out - 1) * stride + dilation * (k - 1) + 1 - n, 0)},
 * the extra odd unit at the end (bottom/right), so stride 1 keeps the size as in PyTorch and Keras;
 * an explicit list {@code [ph, pw]} pads both sides of an axis by the same amount, as PyTorch does.
 *
 * @param c input channels
 * @param h input height (1 for 1d)
 * @param w input width (the length for 1d)
 */
public record Window(int dims, int c, int h, int w, int kh, int kw, int sh, int sw, int dh, int dw,
    int padTop, int padBottom, int padLeft, int padRight, int oh, int ow) {

  public static final List<String> PADDINGS = List.of("valid", "same");

  /**
   * Longest padded input axis: a value's element limit. Bounding it keeps every window
   * position, padding and output size (all at most this) and the generated index arithmetic
   * ({@code oy * stride + ky * dilation - pad}) far inside int.
   */
  static final long MAX_PADDED_AXIS = Limits.MAX_ELEMENTS;

  public static ArgType paddingType() {
    return new ArgType.EnumOrIntListType(PADDINGS, 0);
  }

  /** Kernel area (kh * kw). */
  public int area() {
    return kh * kw;
  }

  /** Input floats per example. */
  public int inSize() {
    return c * h * w;
  }

  /** Output positions per channel. */
  public int outPlane() {
    return oh * ow;
  }

  public boolean padded() {
    // each side on its own: a sum of four paddings near Integer.MAX_VALUE could wrap to <= 0
    return padTop > 0 || padBottom > 0 || padLeft > 0 || padRight > 0;
  }

  /** A 1x1 window at stride 1 without padding: every input position is one output position. */
  public boolean pointwise() {
    return kh == 1 && kw == 1 && sh == 1 && sw == 1 && !padded();
  }

  /**
   * The product a convolution with {@code filters} filters computes per example: one row per
   * output position, one input per channel and tap.
   */
  public MatmulShape product(int filters) {
    return new MatmulShape(outPlane(), c * area(), filters);
  }

  /** The window for reports: {@code window 3x3}, {@code window 1x1, stride 2, padded}, {@code window 5} (1d). */
  public String describe() {
    String stride = dims == 1 ? Integer.toString(sw) : sh == sw ? Integer.toString(sh) : sh + "x" + sw;
    return "window " + kernelText() + (sh == 1 && sw == 1 ? "" : ", stride " + stride)
        + (padded() ? ", padded" : "");
  }

  /** The spatial dims the input of a {@code dims}-d window op must have, for messages. */
  static String expectedInput(int dims) {
    return dims == 1 ? "[channels, length]" : "[channels, height, width]";
  }

  /**
   * Checks the input rank and the window arguments and computes the geometry, or reports at the
   * offending argument and returns null.
   *
   * @param op the op name for messages
   * @param dims 1 or 2 spatial dimensions
   * @param kernelArg the argument holding the window size ("kernel" or "size")
   * @param stride the stride per axis, or null for "same as the window"
   * @param dilation the dilation per axis, or null for none
   */
  static Window resolve(String op, int dims, Shape input, Args args, String kernelArg, String strideArg,
      String dilationArg, Diagnostics diags) {
    if (input.rank() != dims + 1) {
      report(diags, args.callPos(), op + ": expected input " + expectedInput(dims) + ", got "
          + input.describe() + reshapeHint(dims, input));
      return null;
    }
    int[] k = perAxis(op, kernelArg, args.intListArg(kernelArg), dims, args, diags);
    if (k == null) {
      return null;
    }
    int[] s = strideArg == null ? null : args.intListArg(strideArg);
    s = s == null || s.length == 0 ? k.clone() : perAxis(op, strideArg, s, dims, args, diags);
    int[] d = dilationArg == null ? new int[] {1, 1}
        : perAxis(op, dilationArg, args.intListArg(dilationArg), dims, args, diags);
    if (s == null || d == null) {
      return null;
    }
    int[] n = dims == 1 ? new int[] {1, input.dim(1)} : new int[] {input.dim(1), input.dim(2)};
    int[] kk = dims == 1 ? new int[] {1, k[0]} : k;
    int[] ss = dims == 1 ? new int[] {1, s[0]} : s;
    int[] dd = dims == 1 ? new int[] {1, d[0]} : d;
    Object padding = args.value("padding");
    int[] before = new int[2];
    int[] after = new int[2];
    String paddingText;
    if (padding instanceof String mode) {
      paddingText = mode;
      if (mode.equals("same")) {
        for (int a = 0; a < 2; a++) {
          long out = (n[a] + (long) ss[a] - 1) / ss[a];
          long total = Math.max((out - 1) * ss[a] + (long) dd[a] * (kk[a] - 1) + 1 - n[a], 0);
          // saturate: a total past int is reported below as a padded axis over the limit
          before[a] = (int) Math.min(total / 2, Integer.MAX_VALUE);
          after[a] = (int) Math.min(total - total / 2, Integer.MAX_VALUE);
        }
      }
    } else {
      int[] p = perAxis(op, "padding", (int[]) padding, dims, args, diags);
      if (p == null) {
        return null;
      }
      paddingText = Arrays.toString(p);
      int[] pp = dims == 1 ? new int[] {0, p[0]} : p;
      before = pp.clone();
      after = pp.clone();
      if (strideArg != null && dilationArg == null) { // a pool: no window of padding only
        for (int a = 0; a < 2; a++) {
          if (2L * pp[a] > kk[a]) {
            report(diags, args.pos("padding"), op + ": padding " + pp[a] + " is more than half the window "
                + kk[a] + "; a window could hold padding only");
            return null;
          }
        }
      }
    }
    int[] o = new int[2];
    for (int a = 0; a < 2; a++) {
      long extent = (long) dd[a] * (kk[a] - 1) + 1;
      long padded = (long) n[a] + before[a] + after[a];
      if (padded > MAX_PADDED_AXIS) {
        String axis = dims == 1 ? "length" : a == 0 ? "height" : "width";
        boolean explicit = !(padding instanceof String);
        report(diags, args.pos(explicit ? "padding" : kernelArg), op + ": padding " + paddingText
            + " makes the input " + axis + " " + padded + ", more than " + MAX_PADDED_AXIS + "; "
            + (explicit ? "use less padding" : "use a smaller " + kernelArg
                + (dilationArg == null ? "" : " or dilation")));
        return null;
      }
      if (extent > padded) {
        String what = kernelArg.equals("kernel") ? "kernel" : "window";
        boolean dilated = dd[0] > 1 || dd[1] > 1;
        String kText = dilated
            ? "dilated " + what + " " + extentText(dims, kk, dd) + " (" + what + " " + text(dims, kk)
                + ", dilation " + text(dims, dd) + ")"
            : what + " " + text(dims, kk);
        String inText = dims == 1 ? "length " + n[1] : n[0] + "x" + n[1];
        report(diags, args.pos(kernelArg), op + ": " + kText + " larger than input " + inText
            + " after padding " + paddingText);
        return null;
      }
      o[a] = (int) ((padded - extent) / ss[a] + 1);
    }
    return new Window(dims, input.dim(0), n[0], n[1], kk[0], kk[1], ss[0], ss[1], dd[0], dd[1],
        before[0], after[0], before[1], after[1], o[0], o[1]);
  }

  /** The geometry of an already checked layer, for the emitters. */
  static Window of(String op, int dims, Shape input, Args args, String kernelArg, String strideArg,
      String dilationArg) {
    Window w = resolve(op, dims, input, args, kernelArg, strideArg, dilationArg, null);
    if (w == null) {
      throw new IllegalStateException(op + ": emitting a layer whose shape check failed");
    }
    return w;
  }

  private static void report(Diagnostics diags, dev.netc.dsl.SourcePos pos, String message) {
    if (diags != null) {
      diags.error(pos, message);
    }
  }

  /** A 1-or-dims-valued argument expanded to {@code dims} values (index 0 height, 1 width). */
  private static int[] perAxis(String op, String arg, int[] v, int dims, Args args, Diagnostics diags) {
    if (v.length == 1) {
      return dims == 1 ? new int[] {v[0]} : new int[] {v[0], v[0]};
    }
    if (v.length != dims) {
      report(diags, args.pos(arg), op + ": " + arg + " takes " + (dims == 1 ? "one value" : "1 or 2 values")
          + ", got " + v.length + " " + Arrays.toString(v));
      return null;
    }
    return v;
  }

  private static String text(int dims, int[] v) {
    if (dims == 1) {
      return Integer.toString(v[1]);
    }
    return v[0] == v[1] ? Integer.toString(v[0]) : v[0] + "x" + v[1];
  }

  private static String extentText(int dims, int[] k, int[] d) {
    long[] e = {(long) d[0] * (k[0] - 1) + 1, (long) d[1] * (k[1] - 1) + 1};
    if (dims == 1) {
      return Long.toString(e[1]);
    }
    return e[0] == e[1] ? Long.toString(e[0]) : e[0] + "x" + e[1];
  }

  private static String reshapeHint(int dims, Shape input) {
    if (dims == 2 && input.rank() == 1) {
      int side = (int) Math.round(Math.sqrt(input.dim(0)));
      return side * side == input.dim(0) ? "; add reshape([1, " + side + ", " + side + "])" : "";
    }
    if (dims == 2 && input.rank() == 2) {
      return "; add reshape([1, " + input.dim(0) + ", " + input.dim(1) + "]) for one channel";
    }
    if (dims == 1 && input.rank() == 1) {
      return "; add reshape([1, " + input.dim(0) + "]) for one channel";
    }
    if (dims == 1 && input.rank() == 3) {
      return "; use conv2d or pooling over [channels, height, width]";
    }
    return "";
  }

  /** "3x3" or "3": the window as the summary shows it. */
  String kernelText() {
    return dims == 1 ? Integer.toString(kw) : kh + "x" + kw;
  }
}
