package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import dev.netc.runtime.kernels.Elementwise;
import dev.netc.runtime.kernels.Gemm;
import java.util.ArrayList;
import java.util.List;

/**
 * A convolution as matrix products over the whole batch. Forward: im2col into {@code col [taps,
 * batch * positions]}, one product with the weights into {@code yt [filters, batch * positions]},
 * then back to {@code [batch, filters, positions]} with the bias and activation fused into the
 * copy. Backward: the activation's derivative, gy rearranged by filter into yt (the bias gradient
 * on the way), the weight gradient and the gradient of col (written over col) as one product each,
 * then col2im into gx. One wide product instead of one per example keeps every column panel of
 * the kernel full.
 */
final class Im2colConv implements ConvVariant {
  static final Im2colConv INSTANCE = new Im2colConv();

  private Im2colConv() {}

  @Override
  public List<ExtraBuffer> buffers(ConvLayer l) {
    List<ExtraBuffer> out = new ArrayList<>();
    out.add(new ExtraBuffer("col", (long) l.taps() * l.positions(),
        "im2col patches [C*kh*kw, batch * out positions]; its gradient in backward"));
    out.add(new ExtraBuffer("yt", l.outSize(),
        "outputs, then output gradients, by filter: [F, batch * out positions]"));
    out.addAll(l.preActivation());
    return out;
  }

  @Override
  public void forward(LayerCode c, ConvLayer l) {
    int f = l.filters();
    int k = l.taps();
    int pl = l.positions();
    Activation act = l.act();
    c.statement("int ld = batch * $L", pl)
        .add("// im2col: row (channel, tap) holds every example's output positions side by side\n")
        .begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int ao = b * $L", pl);
    columns(c, l.w(), false);
    c.end()
        .add("// yt[$L, batch * $L] = wᵀ · col (weights stored [taps, filters])\n", f, pl)
        .statement("$T.tn($L, ld, $L, p, $L, $L, col, 0, ld, yt, 0, ld, false)",
            Gemm.class, f, k, c.param("weight"), f)
        .add("// y[b, f, :] = $L(yt[f, b * $L ...] + bias[f])\n", act.dslName(), pl)
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int f = 0; f < $L; f++)", f)
        .statement("int src = f * ld + b * $L", pl)
        .statement("int dst = b * $L + f * $L", c.outSize(), pl)
        .statement("float bias = $L", l.bias() ? "p[" + c.param("bias") + " + f]" : "0f")
        .begin("for (int q = 0; q < $L; q++)", pl)
        .statement("float v = yt[src + q] + bias");
    if (act.needsInput()) {
      c.statement("pre[dst + q] = v");
    }
    c.statement("y[dst + q] = $L", act.forward("v", l.alpha()))
        .end()
        .end()
        .end();
  }

  @Override
  public void backward(LayerCode c, ConvLayer l) {
    int f = l.filters();
    int k = l.taps();
    int pl = l.positions();
    Activation act = l.act();
    String wt = c.param("weight");
    c.statement("int ld = batch * $L", pl);
    if (act != Activation.LINEAR) {
      c.add("// through the $L: gy becomes the gradient of the pre-activation\n", act.dslName())
          .begin("for (int j = 0; j < batch * $L; j++)", c.outSize())
          .statement("gy[j] *= $L", act.derivative("pre[j]", "y[j]", l.alpha()))
          .end();
    }
    c.add("// gy by filter: yt[f, b * $L + q] = gy[b, f, q]\n", pl)
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int f = 0; f < $L; f++)", f)
        .statement("System.arraycopy(gy, b * $L + f * $L, yt, f * ld + b * $L, $L)", c.outSize(), pl, pl, pl)
        .end().end();
    if (l.bias()) {
      c.add("// bias gradient: each filter's row of yt summed over every example's positions\n")
          .begin("for (int f = 0; f < $L; f++)", f)
          .statement("g[$L + f] += $T.sum(yt, f * ld, ld)", c.param("bias"), Elementwise.class)
          .end();
    }
    c.add("// weight gradient: g[$L, $L] += col · ytᵀ, over every example's positions\n", k, f)
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
    columns(c, l.w(), true);
    c.end().endInputGrad();
  }

  /**
   * im2col ({@code back = false}: col from x) or col2im ({@code back = true}: gx += col). Sees
   * {@code xo} (example offset of x and gx), {@code ao} (the example's first column in col) and
   * {@code ld} (col's row length, batch * positions).
   */
  private static void columns(LayerCode c, Window w, boolean back) {
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
      contiguousRow(c, w, back, hpad);
    } else {
      stridedRow(c, w, back, hpad);
    }
    c.end().end().end().end();
  }

  /** One image row at stride 1: a copy (im2col) or an add loop (col2im) over [lo, hi). */
  private static void contiguousRow(LayerCode c, Window w, boolean back, boolean hpad) {
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
  }

  /** One image row at a stride above 1, element by element, zeros where the column is padding. */
  private static void stridedRow(LayerCode c, Window w, boolean back, boolean hpad) {
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
}
