package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import dev.netc.runtime.kernels.Elementwise;
import dev.netc.runtime.kernels.Gemm;
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
 * <p>Generated code: im2col for the whole batch into a workspace buffer {@code col [C*kh*kw,
 * batch*H'*W']}, one matrix product ({@link Gemm}) into {@code yt [F, batch*H'*W']}, then a copy
 * back to {@code [batch, F, H', W']} with bias and activation fused. Backward: the activation
 * derivative, {@code gy} rearranged by filter into {@code yt} (bias gradient on the way), the
 * weight gradient and the gradient of {@code col} (written over {@code col}, which backward no
 * longer needs) as one product each, then col2im into {@code gx}. A 1x1 convolution with stride
 * 1 and no padding reads the input directly, one product per example, no col.
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
    if (taps * f > dev.netc.codegen.base.Limits.MAX_PARAMETERS
        || col / Math.max(1, taps) != (long) w.oh() * w.ow() || col > dev.netc.codegen.base.Limits.MAX_ELEMENTS) {
      diags.error(args.pos("kernel"), name() + ": kernel " + w.kernelText() + " over " + w.c()
          + " channels needs an im2col workspace of " + col + " floats per example, over the limit of "
          + dev.netc.codegen.base.Limits.MAX_ELEMENTS + "; use a smaller kernel, fewer channels or a stride");
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

  /** im2col turns every convolution into products with batch*H'*W' columns: Gemm's sizes. */
  @Override
  public String fixedKernelReason() {
    return "im2col";
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
          "im2col patches [C*kh*kw, batch * out positions]; its gradient in backward"));
      out.add(new ExtraBuffer("yt", output.size(),
          "outputs, then output gradients, by filter: [F, batch * out positions]"));
    }
    if (activation(args).needsInput()) {
      out.add(new ExtraBuffer("pre", output.size(), "pre-activation, for the derivative"));
    }
    return out;
  }

  @Override
  public void emitForward(LayerCode c) {
    Window w = window(c.inShape(), c.args());
    int f = c.args().intArg("filters");
    int k = w.c() * w.area();
    int pl = w.outPlane();
    Activation act = activation(c.args());
    if (!direct(w) && !directLoops) {
      batchedForward(c, w, f, k, pl, act);
      return;
    }
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int yo = b * $L", c.outSize());
    if (c.args().boolArg("bias")) {
      c.begin("for (int f = 0; f < $L; f++)", f)
          .statement("java.util.Arrays.fill(y, yo + f * $L, yo + f * $L + $L, p[$L + f])", pl, pl, pl,
              c.param("bias"))
          .end();
    } else {
      c.statement("java.util.Arrays.fill(y, yo, yo + $L, 0f)", c.outSize());
    }
    if (directLoops) {
      directTaps(c, w, f, "y[yr + ox] += wv * x[xr + ox * $L]");
    } else {
      // a 1x1 kernel at stride 1 without padding: the example's input already is its col matrix
      c.add("// y[$L, $L] += wᵀ · x[$L, $L] (weights stored [taps, filters])\n", f, pl, k, pl)
          .statement("$T.tn($L, $L, $L, p, $L, $L, x, xo, $L, y, yo, $L, true)",
              Gemm.class, f, pl, k, c.param("weight"), f, pl, pl);
    }
    activationForward(c, act);
    c.end();
  }

  /**
   * im2col for the whole batch into {@code col [taps, batch * positions]}, one product with the
   * weights into {@code yt [filters, batch * positions]}, then back to {@code [batch, filters,
   * positions]} with the bias and activation fused into the copy. One wide product instead of
   * one per example keeps every column panel of the kernel full.
   */
  private static void batchedForward(LayerCode c, Window w, int f, int k, int pl, Activation act) {
    c.statement("int ld = batch * $L", pl)
        .add("// im2col: row (channel, tap) holds every example's output positions side by side\n")
        .begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int ao = b * $L", pl);
    columns(c, w, false);
    c.end()
        .add("// yt[$L, batch * $L] = wᵀ · col (weights stored [taps, filters])\n", f, pl)
        .statement("$T.tn($L, ld, $L, p, $L, $L, col, 0, ld, yt, 0, ld, false)",
            Gemm.class, f, k, c.param("weight"), f)
        .add("// y[b, f, :] = $L(yt[f, b * $L ...] + bias[f])\n", act.dslName(), pl)
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int f = 0; f < $L; f++)", f)
        .statement("int src = f * ld + b * $L", pl)
        .statement("int dst = b * $L + f * $L", c.outSize(), pl)
        .statement("float bias = $L", c.args().boolArg("bias") ? "p[" + c.param("bias") + " + f]" : "0f")
        .begin("for (int q = 0; q < $L; q++)", pl)
        .statement("float v = yt[src + q] + bias");
    if (act.needsInput()) {
      c.statement("pre[dst + q] = v");
    }
    c.statement("y[dst + q] = $L", act.forward("v", alpha(act)))
        .end()
        .end()
        .end();
  }

  /**
   * Backward of {@link #batchedForward}: gy rearranged into {@code yt [filters, batch *
   * positions]}, the weight gradient and the col gradient as one product each, col2im per
   * example.
   */
  private void batchedBackward(LayerCode c, Window w, int f, int k, int pl, Activation act) {
    String wt = c.param("weight");
    c.statement("int ld = batch * $L", pl);
    if (act != Activation.LINEAR) {
      c.add("// through the $L: gy becomes the gradient of the pre-activation\n", act.dslName())
          .begin("for (int j = 0; j < batch * $L; j++)", c.outSize())
          .statement("gy[j] *= $L", act.derivative("pre[j]", "y[j]", alpha(act)))
          .end();
    }
    c.add("// gy by filter: yt[f, b * $L + q] = gy[b, f, q]\n", pl)
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int f = 0; f < $L; f++)", f)
        .statement("System.arraycopy(gy, b * $L + f * $L, yt, f * ld + b * $L, $L)", c.outSize(), pl, pl, pl)
        .end().end();
    if (c.args().boolArg("bias")) {
      c.add("// bias gradient: each filter's row of yt summed over every example's positions\n")
          .begin("for (int f = 0; f < $L; f++)", f)
          .statement("g[$L + f] += $T.sum(yt, f * ld, ld)", c.param("bias"), Elementwise.class)
          .end();
    }
    c
        .add("// weight gradient: g[$L, $L] += col · ytᵀ, over every example's positions\n", k, f)
        .statement("$T.nt($L, $L, ld, col, 0, ld, yt, 0, ld, g, $L, $L, true)", Gemm.class, k, f, wt, f);
    c.beginInputGrad()
        .add("// gradient of col (over col, which backward no longer needs): w · yt\n")
        .statement("$T.nn($L, ld, $L, p, $L, $L, yt, 0, ld, col, 0, ld, false)", Gemm.class, k, f, wt, f);
    if (!c.accumulate()) {
      c.statement("java.util.Arrays.fill(gx, 0, batch * $L, 0f)", c.inSize());
    }
    c.add("// col2im: add each patch gradient back where im2col read it\n")
        .begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int ao = b * $L", pl);
    columns(c, w, true);
    c.end().endInputGrad();
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
    Window w = window(c.inShape(), c.args());
    int f = c.args().intArg("filters");
    int k = w.c() * w.area();
    int pl = w.outPlane();
    Activation act = activation(c.args());
    if (!direct(w) && !directLoops) {
      batchedBackward(c, w, f, k, pl, act);
      return;
    }
    String wt = c.param("weight");
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int yo = b * $L", c.outSize());
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
    // a 1x1 kernel at stride 1 without padding: x is the col matrix, gx its gradient
    c.add("// weight gradient: g[$L, $L] += x[$L, $L] · gyᵀ\n", k, f, k, pl)
        .statement("$T.nt($L, $L, $L, x, xo, $L, gy, yo, $L, g, $L, $L, true)",
            Gemm.class, k, f, pl, pl, pl, wt, f)
        .beginInputGrad()
        .add("// input gradient: gx[$L, $L] $L w · gy\n", k, pl, c.gxAssign())
        .statement("$T.nn($L, $L, $L, p, $L, $L, gy, yo, $L, gx, xo, $L, $L)",
            Gemm.class, k, pl, f, wt, f, pl, pl, c.accumulate())
        .endInputGrad();
    c.end();
  }

  /**
   * im2col ({@code back = false}: col from x) or col2im ({@code back = true}: gx += col). Sees
   * {@code xo} (example offset of x and gx), {@code ao} (the example's first column in col) and
   * {@code ld} (col's row length, batch * positions).
   */
  static void columns(LayerCode c, Window w, boolean back) {
    int pl = w.outPlane();
    boolean vpad = w.padTop() + w.padBottom() > 0;
    boolean hpad = w.padLeft() + w.padRight() > 0;
    c.begin("for (int ch = 0; ch < $L; ch++)", w.c())
        .begin("for (int ky = 0; ky < $L; ky++)", w.kh())
        .begin("for (int kx = 0; kx < $L; kx++)", w.kw())
        .statement("int r0 = ao + ((ch * $L + ky) * $L + kx) * ld", w.kh(), w.kw());
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
