package dev.netc.codegen.ops;

import dev.netc.codegen.check.Diagnostics;
import dev.netc.codegen.ir.ParamSpec;
import dev.netc.codegen.ir.Shape;
import dev.netc.runtime.Init;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code conv2d(filters, kernel: 3, stride: 1, padding: valid, dilation: 1, bias: true,
 * activation: linear, init: auto)} on channels-first {@code [C, H, W]}, giving {@code [F, H', W']},
 * and {@code conv1d(...)} with the same arguments on {@code [C, L]}, giving {@code [F, L']} (a 1d
 * convolution is generated as a 2d one of height 1). kernel, stride and dilation take one value or
 * one per spatial axis; padding is {@code valid}, {@code same} (TensorFlow's rule, see {@link
 * Window}) or an explicit symmetric list {@code [ph, pw]}.
 *
 * <p>Weight layout {@code [C, kh, kw, F]} (conv1d: {@code [C, k, F]}): the row of a kernel tap is
 * contiguous over filters, so the weight gradient is a contiguous loop over F. A PyTorch weight
 * {@code [F, C, kh, kw]} maps to it by moving F last. Bias {@code [F]}. Initializer as for dense
 * (He normal for relu-like activations, else Xavier uniform) with fan-in {@code C * kh * kw} and
 * fan-out {@code F * kh * kw}.
 *
 * <p>Generated code: im2col into a per-layer workspace buffer {@code col [C*kh*kw, H'*W']} per
 * example, then a matrix product whose innermost loop runs over the H'*W' output positions of a
 * filter (contiguous in {@code y} and {@code col}, so C2 vectorizes it), four kernel taps per
 * pass; bias is the accumulator's start value and the activation is applied in the same method.
 * Backward: the activation derivative, the bias gradient, {@code gy} transposed into {@code gyt
 * [H'*W', F]}, the weight gradient as contiguous loops over F, then the gradient of {@code col}
 * (written over {@code col}, which backward no longer needs) scattered back into {@code gx}
 * (col2im). A 1x1 convolution with stride 1 and no padding reads the input directly: no col.
 */
public final class ConvOp implements Op {
  private final int dims;

  /** Measurement only: generate direct loops (no im2col) instead. Not used by netc itself. */
  static boolean directLoops = false;

  public ConvOp(int dims) {
    this.dims = dims;
  }

  @Override
  public String name() {
    return "conv" + dims + "d";
  }

  @Override
  public String doc() {
    return dims == 2
        ? "2d convolution on [channels, height, width]: conv2d(filters, kernel: 3, stride: 1, padding: valid|same|[ph, pw], dilation: 1, activation: relu)"
        : "1d convolution on [channels, length]: conv1d(filters, kernel: 3, stride: 1, padding: valid|same|[p], dilation: 1, activation: relu)";
  }

  @Override
  public List<ArgSpec> args() {
    String perAxis = dims == 2 ? "one value or [height, width]" : "one value";
    return List.of(
        ArgSpec.required("filters", ArgType.positiveInt(), "number of output channels"),
        ArgSpec.optional("kernel", new ArgType.IntListType(1, false), new int[] {3},
            "window size, " + perAxis),
        ArgSpec.optional("stride", new ArgType.IntListType(1, false), new int[] {1}, "step, " + perAxis),
        ArgSpec.optional("padding", Window.paddingType(), "valid",
            "valid (none), same (keep the size at stride 1) or explicit zeros per side, " + perAxis),
        ArgSpec.optional("dilation", new ArgType.IntListType(1, false), new int[] {1},
            "spacing of kernel taps, " + perAxis),
        ArgSpec.optional("bias", ArgType.bool(), true, "add a bias per filter"),
        ArgSpec.optional("activation", ArgType.oneOf(Activation.dslNames()), "linear",
            "fused activation"),
        ArgSpec.optional("init", ArgType.oneOf(DenseOp.INITS), "auto",
            "weight initializer; auto picks he_normal for relu-like activations, else xavier_uniform"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    Window w = Window.resolve(name(), dims, input, args, "kernel", "stride", "dilation", diags);
    if (w == null) {
      return null;
    }
    int f = args.intArg("filters");
    long taps = (long) w.c() * w.kh() * w.kw();
    long col = taps * w.oh() * w.ow();
    if (taps * f > dev.netc.codegen.check.Limits.MAX_PARAMETERS
        || col / Math.max(1, taps) != (long) w.oh() * w.ow() || col > dev.netc.codegen.check.Limits.MAX_ELEMENTS) {
      diags.error(args.pos("kernel"), name() + ": kernel " + w.kernelText() + " over " + w.c()
          + " channels needs an im2col workspace of " + col + " floats per example, over the limit of "
          + dev.netc.codegen.check.Limits.MAX_ELEMENTS + "; use a smaller kernel, fewer channels or a stride");
      return null;
    }
    return dims == 2 ? Shape.of(f, w.oh(), w.ow()) : Shape.of(f, w.ow());
  }

  private Window window(Shape input, Args args) {
    return Window.of(name(), dims, input, args, "kernel", "stride", "dilation");
  }

  private static Activation activation(Args args) {
    return Activation.fromDsl(args.enumArg("activation"));
  }

  @Override
  public String describe(Args args) {
    int[] k = args.intListArg("kernel");
    String kt = dims == 1 ? Integer.toString(k[0])
        : k.length == 1 ? k[0] + "x" + k[0] : k[0] + "x" + k[1];
    Activation a = activation(args);
    // filters show in the output shape; the activation comes early so the 22-column summary keeps it
    return name() + " " + kt + (a == Activation.LINEAR ? "" : " + " + a.dslName())
        + (args.boolArg("bias") ? "" : " (no bias)");
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    Window w = window(input, args);
    int f = args.intArg("filters");
    Init init = activation(args).initializer(args.enumArg("init"));
    int fanIn = w.c() * w.area();
    int fanOut = f * w.area();
    Shape shape = dims == 2 ? Shape.of(w.c(), w.kh(), w.kw(), f) : Shape.of(w.c(), w.kw(), f);
    ParamSpec weight = new ParamSpec("weight", shape, init, fanIn, fanOut);
    if (!args.boolArg("bias")) {
      return List.of(weight);
    }
    return List.of(weight, new ParamSpec("bias", Shape.of(f), Init.ZEROS, fanIn, fanOut));
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    Window w = window(input, args);
    long k = (long) w.c() * w.area();
    return 2 * k * output.size() + output.size() * (1 + activation(args).flopsPerElement());
  }

  /** A 1x1 kernel at stride 1 without padding: the input already is the col matrix. */
  private static boolean direct(Window w) {
    return w.kh() == 1 && w.kw() == 1 && w.sh() == 1 && w.sw() == 1 && !w.padded();
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    Window w = window(input, args);
    List<ExtraBuffer> out = new ArrayList<>();
    if (directLoops) {
      return activation(args).needsInput()
          ? List.of(new ExtraBuffer("pre", output.size(), "pre-activation, for the derivative"))
          : List.of();
    }
    if (!direct(w)) {
      out.add(new ExtraBuffer("col", (long) w.c() * w.area() * w.outPlane(),
          "im2col patches [C*kh*kw, out positions]; its gradient in backward"));
    }
    out.add(new ExtraBuffer("gyt", output.size(), "output gradient transposed to [positions, filters]"));
    if (activation(args).needsInput()) {
      out.add(new ExtraBuffer("pre", output.size(), "pre-activation, for the derivative"));
    }
    return out;
  }

  @Override
  public void emitForward(LayerCode c) {
    Window w = window(c.node().input().shape(), c.args());
    int f = c.args().intArg("filters");
    int k = w.c() * w.area();
    int pl = w.outPlane();
    Activation act = activation(c.args());
    boolean direct = direct(w);
    String a = direct ? "x" : "col";
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int yo = b * $L", c.outSize());
    if (directLoops) {
      if (c.args().boolArg("bias")) {
        c.begin("for (int f = 0; f < $L; f++)", f)
            .statement("java.util.Arrays.fill(y, yo + f * $L, yo + f * $L + $L, p[$L + f])", pl, pl, pl,
                c.param("bias"))
            .end();
      } else {
        c.statement("java.util.Arrays.fill(y, yo, yo + $L, 0f)", c.outSize());
      }
      directTaps(c, w, f, "y[yr + ox] += wv * x[xr + ox * $L]");
      activationForward(c, act);
      c.end();
      return;
    }
    if (direct) {
      c.statement("int ao = xo");
    } else {
      c.statement("int ao = b * $L", k * pl);
      c.add("// im2col: one row per (channel, tap), one column per output position\n");
      columns(c, w, false);
    }
    if (c.args().boolArg("bias")) {
      c.begin("for (int f = 0; f < $L; f++)", f)
          .statement("java.util.Arrays.fill(y, yo + f * $L, yo + f * $L + $L, p[$L + f])", pl, pl, pl,
              c.param("bias"))
          .end();
    } else {
      c.statement("java.util.Arrays.fill(y, yo, yo + $L, 0f)", c.outSize());
    }
    c.add("// y[f, :] += sum over taps k of w[k, f] * $L[k, :], four taps per pass\n", a)
        .begin("for (int f = 0; f < $L; f++)", f)
        .statement("int yr = yo + f * $L", pl)
        .statement("int k = 0");
    if (k >= 4) {
      c.begin("for (; k < $L; k += 4)", k - k % 4)
          .statement("int w = $L + k * $L + f", c.param("weight"), f)
          .statement("float w0 = p[w]")
          .statement("float w1 = p[w + $L]", f)
          .statement("float w2 = p[w + $L]", 2 * f)
          .statement("float w3 = p[w + $L]", 3 * f)
          .statement("int a0 = ao + k * $L", pl)
          .statement("int a1 = a0 + $L", pl)
          .statement("int a2 = a0 + $L", 2 * pl)
          .statement("int a3 = a0 + $L", 3 * pl)
          .begin("for (int q = 0; q < $L; q++)", pl)
          .statement("y[yr + q] += w0 * $L[a0 + q] + w1 * $L[a1 + q] + w2 * $L[a2 + q] + w3 * $L[a3 + q]",
              a, a, a, a)
          .end()
          .end();
    }
    if (k % 4 != 0) {
      c.begin("for (; k < $L; k++)", k)
          .statement("float w0 = p[$L + k * $L + f]", c.param("weight"), f)
          .statement("int a0 = ao + k * $L", pl)
          .begin("for (int q = 0; q < $L; q++)", pl)
          .statement("y[yr + q] += w0 * $L[a0 + q]", a)
          .end()
          .end();
    }
    c.end();
    activationForward(c, act);
    c.end();
  }

  private static void activationForward(LayerCode c, Activation act) {
    if (act != Activation.LINEAR) {
      c.begin("for (int j = yo; j < yo + $L; j++)", c.outSize());
      if (act.needsInput()) {
        c.statement("pre[j] = y[j]");
      }
      c.statement("y[j] = $L", act.forward("y[j]", alpha(act)));
      c.end();
    }
  }

  /**
   * Direct loops: per filter, channel and tap, the inner loop runs over output columns {@code ox}
   * whose input column is inside the image; {@code body} sees wv (the weight), yr, xr, ox, wi.
   */
  private static void directTaps(LayerCode c, Window w, int f, String body) {
    directTaps(c, w, f, null, body, null);
  }

  private static void directTaps(LayerCode c, Window w, int f, String before, String body, String after) {
    c.begin("for (int f = 0; f < $L; f++)", f)
        .begin("for (int ch = 0; ch < $L; ch++)", w.c())
        .begin("for (int ky = 0; ky < $L; ky++)", w.kh())
        .begin("for (int kx = 0; kx < $L; kx++)", w.kw())
        .statement("int wi = $L + ((ch * $L + ky) * $L + kx) * $L + f", c.param("weight"), w.kh(), w.kw(), f)
        .statement("float wv = p[wi]")
        .statement("int lo = Math.max(0, -Math.floorDiv(kx * $L - $L, $L))", w.dw(), w.padLeft(), w.sw())
        .statement("int hi = Math.min($L, Math.floorDiv($L - kx * $L, $L) + 1)", w.ow(), w.w() - 1 + w.padLeft(),
            w.dw(), w.sw());
    if (before != null) {
      c.statement(before);
    }
    c.begin("for (int oy = 0; oy < $L; oy++)", w.oh())
        .statement("int iy = oy * $L + ky * $L - $L", w.sh(), w.dh(), w.padTop())
        .begin("if (iy < 0 || iy >= $L)", w.h()).statement("continue").end()
        .statement("int yr = yo + f * $L + oy * $L", w.outPlane(), w.ow())
        .statement("int xr = xo + ch * $L + iy * $L + kx * $L - $L", w.h() * w.w(), w.w(), w.dw(), w.padLeft())
        .begin("for (int ox = lo; ox < hi; ox++)")
        .statement(body, w.sw())
        .end()
        .end();
    if (after != null) {
      c.statement(after);
    }
    c.end().end().end().end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    Window w = window(c.node().input().shape(), c.args());
    int f = c.args().intArg("filters");
    int k = w.c() * w.area();
    int pl = w.outPlane();
    Activation act = activation(c.args());
    boolean direct = direct(w);
    String a = direct ? "x" : "col";
    String wt = c.param("weight");
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int yo = b * $L", c.outSize())
        .statement("int ao = $L", direct || directLoops ? "xo" : "b * " + (k * pl));
    if (act != Activation.LINEAR) {
      c.add("// through the $L: gy becomes the gradient of the pre-activation\n", act.dslName())
          .begin("for (int j = yo; j < yo + $L; j++)", c.outSize())
          .statement("gy[j] *= $L", act.derivative("pre[j]", "y[j]", alpha(act)))
          .end();
    }
    if (c.args().boolArg("bias")) {
      c.begin("for (int f = 0; f < $L; f++)", f)
          .statement("int r = yo + f * $L", pl)
          .statement("float s = 0f")
          .begin("for (int q = 0; q < $L; q++)", pl)
          .statement("s += gy[r + q]")
          .end()
          .statement("g[$L + f] += s", c.param("bias"))
          .end();
    }
    if (directLoops) {
      // weight gradient: one dot product per (filter, tap) over the output positions
      directTaps(c, w, f, "float s = 0f", "s += gy[yr + ox] * x[xr + ox * $L]", "g[wi] += s");
      c.beginInputGrad();
      if (!c.accumulate()) {
        c.statement("java.util.Arrays.fill(gx, xo, xo + $L, 0f)", c.inSize());
      }
      directTaps(c, w, f, "gx[xr + ox * $L] += wv * gy[yr + ox]");
      c.endInputGrad();
      c.end();
      return;
    }
    c.add("// gyt[q, f] = gy[f, q]: the weight gradient then runs over filters, contiguously\n")
        .begin("for (int f = 0; f < $L; f++)", f)
        .statement("int r = yo + f * $L", pl)
        .begin("for (int q = 0; q < $L; q++)", pl)
        .statement("gyt[yo + q * $L + f] = gy[r + q]", f)
        .end()
        .end();
    c.add("// weight gradient: g[k, :] += sum over positions q of $L[k, q] * gyt[q, :]\n", a)
        .begin("for (int k = 0; k < $L; k++)", k)
        .statement("int w = $L + k * $L", wt, f)
        .statement("int a0 = ao + k * $L", pl)
        .statement("int q = 0");
    if (pl >= 4) {
      c.begin("for (; q < $L; q += 4)", pl - pl % 4)
          .statement("float v0 = $L[a0 + q]", a)
          .statement("float v1 = $L[a0 + q + 1]", a)
          .statement("float v2 = $L[a0 + q + 2]", a)
          .statement("float v3 = $L[a0 + q + 3]", a)
          .statement("int t0 = yo + q * $L", f)
          .statement("int t1 = t0 + $L", f)
          .statement("int t2 = t0 + $L", 2 * f)
          .statement("int t3 = t0 + $L", 3 * f)
          .begin("for (int j = 0; j < $L; j++)", f)
          .statement("g[w + j] += v0 * gyt[t0 + j] + v1 * gyt[t1 + j] + v2 * gyt[t2 + j] + v3 * gyt[t3 + j]")
          .end()
          .end();
    }
    if (pl % 4 != 0) {
      c.begin("for (; q < $L; q++)", pl)
          .statement("float v0 = $L[a0 + q]", a)
          .statement("int t0 = yo + q * $L", f)
          .begin("for (int j = 0; j < $L; j++)", f)
          .statement("g[w + j] += v0 * gyt[t0 + j]")
          .end()
          .end();
    }
    c.end();
    c.beginInputGrad();
    String target;
    if (direct) {
      target = "gx";
      if (!c.accumulate()) {
        c.statement("java.util.Arrays.fill(gx, xo, xo + $L, 0f)", c.inSize());
      }
      c.add("// input gradient: gx[k, :] += sum over filters of w[k, f] * gy[f, :]\n");
    } else {
      target = "col";
      c.statement("java.util.Arrays.fill(col, ao, ao + $L, 0f)", k * pl)
          .add("// gradient of col (over col): col[k, :] += sum over filters of w[k, f] * gy[f, :]\n");
    }
    c.begin("for (int k = 0; k < $L; k++)", k)
        .statement("int w = $L + k * $L", wt, f)
        .statement("int a0 = ao + k * $L", pl)
        .statement("int f = 0");
    if (f >= 4) {
      c.begin("for (; f < $L; f += 4)", f - f % 4)
          .statement("float w0 = p[w + f]")
          .statement("float w1 = p[w + f + 1]")
          .statement("float w2 = p[w + f + 2]")
          .statement("float w3 = p[w + f + 3]")
          .statement("int r0 = yo + f * $L", pl)
          .statement("int r1 = r0 + $L", pl)
          .statement("int r2 = r0 + $L", 2 * pl)
          .statement("int r3 = r0 + $L", 3 * pl)
          .begin("for (int q = 0; q < $L; q++)", pl)
          .statement("$L[a0 + q] += w0 * gy[r0 + q] + w1 * gy[r1 + q] + w2 * gy[r2 + q] + w3 * gy[r3 + q]",
              target)
          .end()
          .end();
    }
    if (f % 4 != 0) {
      c.begin("for (; f < $L; f++)", f)
          .statement("float w0 = p[w + f]")
          .statement("int r0 = yo + f * $L", pl)
          .begin("for (int q = 0; q < $L; q++)", pl)
          .statement("$L[a0 + q] += w0 * gy[r0 + q]", target)
          .end()
          .end();
    }
    c.end();
    if (!direct) {
      if (!c.accumulate()) {
        c.statement("java.util.Arrays.fill(gx, xo, xo + $L, 0f)", c.inSize());
      }
      c.add("// col2im: add each patch gradient back where im2col read it\n");
      columns(c, w, true);
    }
    c.endInputGrad();
    c.end();
  }

  /**
   * im2col ({@code back = false}: col from x) or col2im ({@code back = true}: gx += col). Sees
   * {@code xo} (example offset of x and gx) and {@code ao} (example offset of col).
   */
  static void columns(LayerCode c, Window w, boolean back) {
    int pl = w.outPlane();
    boolean vpad = w.padTop() + w.padBottom() > 0;
    boolean hpad = w.padLeft() + w.padRight() > 0;
    c.begin("for (int ch = 0; ch < $L; ch++)", w.c())
        .begin("for (int ky = 0; ky < $L; ky++)", w.kh())
        .begin("for (int kx = 0; kx < $L; kx++)", w.kw())
        .statement("int r0 = ao + ((ch * $L + ky) * $L + kx) * $L", w.kh(), w.kw(), pl);
    if (hpad && w.sw() == 1) {
      // output columns whose input column lies inside the image: [lo, hi)
      c.statement("int lo = Math.min($L, Math.max(0, $L - kx * $L))", w.ow(), w.padLeft(), w.dw())
          .statement("int hi = Math.max(lo, Math.min($L, $L - kx * $L))", w.ow(), w.w() + w.padLeft(), w.dw());
    }
    c.begin("for (int oy = 0; oy < $L; oy++)", w.oh())
        .statement("int r = r0 + oy * $L", w.ow())
        .statement("int iy = oy * $L + ky * $L - $L", w.sh(), w.dh(), w.padTop());
    if (vpad) {
      c.begin("if (iy < 0 || iy >= $L)", w.h());
      if (!back) {
        c.statement("java.util.Arrays.fill(col, r, r + $L, 0f)", w.ow());
      }
      c.statement("continue").end();
    }
    // input index of output column ox: xr + ox * sw
    c.statement("int xr = xo + ch * $L + iy * $L + kx * $L - $L", w.h() * w.w(), w.w(), w.dw(), w.padLeft());
    if (w.sw() == 1) {
      String lo = hpad ? "lo" : "0";
      String hi = hpad ? "hi" : Integer.toString(w.ow());
      if (!back) {
        if (hpad) {
          c.statement("java.util.Arrays.fill(col, r, r + lo, 0f)")
              .statement("java.util.Arrays.fill(col, r + hi, r + $L, 0f)", w.ow());
        }
        c.statement("System.arraycopy(x, xr + $L, col, r + $L, $L - $L)", lo, lo, hi, lo);
      } else {
        c.begin("for (int ox = $L; ox < $L; ox++)", lo, hi)
            .statement("gx[xr + ox] += col[r + ox]")
            .end();
      }
    } else {
      c.begin("for (int ox = 0; ox < $L; ox++)", w.ow());
      String inside = "ox * " + w.sw() + " + kx * " + w.dw() + " - " + w.padLeft();
      if (!back) {
        if (hpad) {
          c.statement("int ix = $L", inside)
              .statement("col[r + ox] = ix >= 0 && ix < $L ? x[xr + ox * $L] : 0f", w.w(), w.sw());
        } else {
          c.statement("col[r + ox] = x[xr + ox * $L]", w.sw());
        }
      } else {
        if (hpad) {
          c.statement("int ix = $L", inside)
              .begin("if (ix >= 0 && ix < $L)", w.w())
              .statement("gx[xr + ox * $L] += col[r + ox]", w.sw())
              .end();
        } else {
          c.statement("gx[xr + ox * $L] += col[r + ox]", w.sw());
        }
      }
      c.end();
    }
    c.end().end().end().end();
  }

  static double alpha(Activation a) {
    return a == Activation.ELU ? Activation.ELU_ALPHA : Activation.LEAKY_RELU_ALPHA;
  }
}
