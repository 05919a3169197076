package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import java.util.List;

/**
 * A convolution as direct loops, one example at a time: per filter, channel and tap, an inner
 * loop over the output columns whose input column lies inside the image. No workspace matrix and
 * no Gemm. The plan uses it only when forced (on the Fashion CNN it measured about twice as slow as
 * even per-example im2col, docs/convolution.md): a reference, and the start of a faster direct
 * kernel.
 */
final class DirectConv extends PerExampleConv {
  static final DirectConv INSTANCE = new DirectConv();

  private DirectConv() {}

  @Override
  public List<ExtraBuffer> buffers(ConvLayer l) {
    return l.preActivation();
  }

  @Override
  void product(LayerCode c, ConvLayer l) {
    taps(c, l, null, "y[yr + ox] += wv * x[xr + ox * $L]", null);
  }

  @Override
  void productGradients(LayerCode c, ConvLayer l) {
    // weight gradient: one dot product per (filter, tap) over the output positions
    taps(c, l, "float s = 0f", "s += gy[yr + ox] * x[xr + ox * $L]", "g[wi] += s");
    c.beginInputGrad();
    if (!c.accumulate()) {
      c.statement("java.util.Arrays.fill(gx, xo, xo + $L, 0f)", c.inSize());
    }
    taps(c, l, null, "gx[xr + ox * $L] += wv * gy[yr + ox]", null);
    c.endInputGrad();
  }

  /**
   * The loops over filter, channel and tap; the inner loop runs over output columns {@code ox}
   * whose input column is inside the image. {@code before} and {@code after} run per tap, {@code
   * body} per column, seeing wv (the weight), wi (its index), yr, xr and ox, with the stride as
   * its one argument.
   */
  private static void taps(LayerCode c, ConvLayer l, String before, String body, String after) {
    Window w = l.w();
    int f = l.filters();
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
}
