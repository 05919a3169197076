package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A convolution as direct loops, one example at a time: per filter, channel of its group and tap,
 * an inner loop over the output columns whose input column lies inside the image. No workspace
 * matrix and no Gemm. The plan uses it only when forced: on the Fashion CNN it measured about 19
 * times slower than im2col, on a depthwise layer (where each group's product is only {@code kh *
 * kw} deep) still twice as slow (docs/convolution.md). A reference, and the start of a faster
 * direct kernel.
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
    taps(c, l, null, (xi, yi) -> c.statement("y[$L] += wv * x[$L]", yi, xi), null);
  }

  @Override
  void productGradients(LayerCode c, ConvLayer l) {
    // weight gradient: one dot product per (filter, tap) over the output positions
    taps(c, l, "float gw = 0f", (xi, yi) -> c.statement("gw += gy[$L] * x[$L]", yi, xi), "g[wi] += gw");
    c.beginInputGrad();
    if (!c.accumulate()) {
      c.zero("gx", XO, XO.plus(c.inSize()));
    }
    taps(c, l, null, (xi, yi) -> c.statement("gx[$L] += wv * gy[$L]", xi, yi), null);
    c.endInputGrad();
  }

  /**
   * The loops over filter, channel and tap, then over the output rows and the output columns
   * {@code ox} whose input lies inside the image. {@code before} and {@code after} run per tap,
   * {@code body} per column, given the input and output index; it sees wv, the weight, whose
   * index is wi. Loops of one iteration are left out; when all four outer ones are, their locals
   * go in a block of their own, since backward writes these loops twice in one example's body.
   */
  private static void taps(LayerCode c, ConvLayer l, String before, BiConsumer<Index, Index> body, String after) {
    Window w = l.w();
    boolean block = l.filters() == 1 && w.c() == 1 && w.area() == 1;
    if (block) {
      c.add("{\n$>");
    }
    // group gi's filters see its channels only; for one group these loops are over all of them
    Loop gi = c.beginLoop("gi", l.groups());
    Loop fl = c.beginLoop("f", l.groupFilters());
    Loop cl = c.beginLoop("ch", l.groupChannels());
    Loop ky = c.beginLoop("ky", w.kh());
    Loop kx = c.beginLoop("kx", w.kw());
    Index filter = gi.index().times(l.groupFilters()).plus(fl.index());
    Index channel = gi.index().times(l.groupChannels()).plus(cl.index());
    Index tap = channel.times(w.kh()).plus(ky.index()).times(w.kw()).plus(kx.index());
    Index kxd = kx.index().times(w.dw());
    c.statement("int wi = $L", Index.var(c.param("weight")).plus(tap.times(l.groupFilters())).plus(fl.index()))
        .statement("float wv = p[wi]")
        .statement("int lo = Math.max(0, -Math.floorDiv($L, $L))", kxd.minus(w.padLeft()), w.sw())
        .statement("int hi = Math.min($L, Math.floorDiv($L, $L) + 1)", w.ow(),
            Index.of(w.w() - 1 + w.padLeft()).minus(kxd), w.sw());
    if (before != null) {
      c.statement(before);
    }
    Loop oy = c.beginLoop("oy", w.oh());
    Index iy = oy.index().times(w.sh()).plus(ky.index().times(w.dh())).minus(w.padTop());
    c.statement("int iy = $L", iy)
        .begin("if (iy >= 0 && iy < $L)", w.h())
        .statement("int yr = $L", YO.plus(filter.times(w.outPlane())).plus(oy.index().times(w.ow())))
        .statement("int xr = $L", XO.plus(channel.times(w.h() * w.w())).plus(Index.var("iy").times(w.w()))
            .plus(kxd).minus(w.padLeft()))
        .begin("for (int ox = lo; ox < hi; ox++)");
    Index ox = Index.var("ox");
    body.accept(Index.var("xr").plus(ox.times(w.sw())), Index.var("yr").plus(ox));
    c.end()
        .end()
        .end(oy);
    if (after != null) {
      c.statement(after);
    }
    c.end(kx).end(ky).end(cl).end(fl).end(gi);
    if (block) {
      c.add("$<}\n");
    }
  }
}
