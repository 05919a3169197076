package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import dev.netc.runtime.kernels.DirectConvolution;
import java.util.ArrayList;
import java.util.List;

/**
 * A stride-1 convolution without im2col, one example at a time, on the runtime's {@link
 * DirectConvolution} kernels ("wide rows": each channel of the padded input is one flat row of
 * width {@code Wp}, and every tap of the window is a contiguous, shifted run of it).
 *
 * <p>Forward per example: the input padded into {@code xp} (read in place when the layer does
 * not pad), one kernel call per channel group into {@code wide} ({@code [F, Lz]}, output row
 * {@code oy} at {@code oy * Wp}, the last {@code Wp - OW} floats of each row garbage), then
 * {@link ConvEpilogue} compacts the rows into y with the bias and activation.
 *
 * <p>Backward per example: the activation's derivative and the bias gradient, gy laid out wide
 * in {@code wide} with zeros around it ({@code lead} zeros before the first row), the weight
 * gradient as dot products over the positions, and the input gradient as the same forward kernel
 * with the flipped kernel over that zero-padded gy, into {@code xp}, then cropped into gx.
 *
 * <p>Stride 1 only (any padding and dilation, any groups); the plan gives a strided layer im2col.
 */
final class DirectConv implements ConvVariant {
  static final DirectConv INSTANCE = new DirectConv();
  private static final Index XO = PerExampleConv.XO;
  private static final Index YO = PerExampleConv.YO;
  private static final Index XPO = Index.var("xpo");
  private static final Index WO = Index.var("wo");

  private DirectConv() {}

  /** The sizes of a layer's wide layout, all folded into the generated code as literals. */
  private record Geometry(ConvLayer l) {
    Window w() {
      return l.w();
    }

    /** Padded width: the wide row length. */
    int wp() {
      return w().w() + w().padLeft() + w().padRight();
    }

    /** Padded plane: floats per channel of xp. */
    int plane() {
      return (w().h() + w().padTop() + w().padBottom()) * wp();
    }

    /** Input floats between two window rows. */
    int rowShift() {
      return w().dh() * wp();
    }

    /** Positions of the forward product: from the first output to the last, garbage included. */
    int positions() {
      return (w().oh() - 1) * wp() + w().ow();
    }

    /** Zeros before gy's first row in backward: the window's extent, so flipped taps stay inside. */
    int lead() {
      return (w().kh() - 1) * rowShift() + (w().kw() - 1) * w().dw();
    }

    /** Floats per filter of wide. */
    int widePlane() {
      return plane() + lead();
    }

    /** Weight floats per input channel: its taps times the group's filters. */
    int channelWeights() {
      return w().area() * l.groupFilters();
    }
  }

  private static void check(ConvLayer l) {
    if (l.w().sh() != 1 || l.w().sw() != 1) {
      throw new IllegalStateException("direct convolution planned for a " + l.w().describe()
          + "; it runs at stride 1 only");
    }
  }

  @Override
  public List<ExtraBuffer> buffers(ConvLayer l) {
    Geometry g = new Geometry(l);
    List<ExtraBuffer> out = new ArrayList<>();
    out.add(new ExtraBuffer("xp", (long) l.w().c() * g.plane(),
        "padded input [C, Hp, Wp]; the input gradient as wide rows in backward"));
    out.add(new ExtraBuffer("wide", (long) l.filters() * g.widePlane(),
        "outputs as wide rows [F, Hp * Wp + lead]; the zero-padded wide output gradient in backward"));
    out.addAll(l.preActivation());
    return out;
  }

  /** Opens the loop over the batch with the example's offsets in x, y, xp and wide. */
  private static Loop exampleLoop(LayerCode c, ConvLayer l, Geometry g) {
    Loop b = c.beginLoop("b", "batch");
    c.statement("int xo = $L", b.index().times(c.inSize()))
        .statement("int yo = $L", b.index().times(c.outSize()))
        .statement("int xpo = $L", b.index().times(l.w().c() * g.plane()))
        .statement("int wo = $L", b.index().times(l.filters() * g.widePlane()));
    return b;
  }

  /** The array and offset the kernels read the (padded) input from. */
  private static String input(ConvLayer l) {
    return l.w().padded() ? "xp" : "x";
  }

  private static Index inputOffset(ConvLayer l) {
    return l.w().padded() ? XPO : XO;
  }

  @Override
  public void forward(LayerCode c, ConvLayer l) {
    check(l);
    Geometry g = new Geometry(l);
    Window w = l.w();
    int fg = l.groupFilters();
    Loop b = exampleLoop(c, l, g);
    if (w.padded()) {
      c.add("// xp = x padded to [$L, $L, $L]\n", w.c(), g.plane() / g.wp(), g.wp())
          .statement("$T.pad(x, xo, $L, $L, $L, $L, $L, $L, $L, xp, xpo)", DirectConvolution.class, w.c(), w.h(),
              w.w(), w.padTop(), w.padBottom(), w.padLeft(), w.padRight());
    }
    c.add("// wide[f, oy * $L + ox] = sum over channel and tap of w[ch, ky, kx, f] * $L[ch, (oy + ky$L) * $L + ox + kx$L]\n",
        g.wp(), input(l), w.dh() == 1 ? "" : " * " + w.dh(), g.wp(), w.dw() == 1 ? "" : " * " + w.dw());
    Loop gi = c.beginLoop("gi", l.groups());
    c.statement("$T.forward($L, $L, $L, $L, $L, $L, $L, $L, p, $L, $L, $L, $L, 1, wide, $L, $L, $L, $L)",
        DirectConvolution.class, input(l), inputOffset(l).plus(gi.index().times(l.groupChannels() * g.plane())),
        l.groupChannels(), g.plane(), w.kh(), w.kw(), g.rowShift(), w.dw(),
        Index.var(c.param("weight")).plus(gi.index().times(l.groupChannels() * g.channelWeights())),
        g.channelWeights(), w.kw() * fg, fg,
        WO.plus(gi.index().times(fg * g.widePlane())), fg, g.widePlane(), g.positions());
    c.end(gi)
        .add("// y[f, oy, :] = $L(wide[f, oy * $L ...] + bias[f]): the first $L of each wide row\n",
            l.act().dslName(), g.wp(), w.ow());
    Loop f = c.beginLoop("f", l.filters());
    Loop oy = c.beginLoop("oy", w.oh());
    ConvEpilogue.write(c, l, f.index(), "wide", WO.plus(f.index().times(g.widePlane())).plus(oy.index().times(g.wp())),
        YO.plus(f.index().times(l.positions())).plus(oy.index().times(w.ow())), w.ow());
    c.end(oy).end(f).end(b);
  }

  @Override
  public void backward(LayerCode c, ConvLayer l) {
    check(l);
    Geometry g = new Geometry(l);
    Window w = l.w();
    int fg = l.groupFilters();
    int cg = l.groupChannels();
    String weight = c.param("weight");
    Loop b = exampleLoop(c, l, g);
    c.activationGradient(l.act(), l.alpha(), YO, YO.plus(c.outSize()));
    PerExampleConv.biasGradient(c, l);
    c.add("// wide = gy as wide rows of $L after $L zeros, zeros around\n", g.wp(), g.lead())
        .statement("$T.widen(gy, yo, $L, $L, $L, wide, wo, $L, $L, $L)", DirectConvolution.class, l.filters(),
            w.oh(), w.ow(), g.widePlane(), g.lead(), g.wp())
        .add("// weight gradient: g[ch, ky, kx, f] += sum over positions of gy[f, q] * $L[ch, q + tap's shift]\n",
            input(l));
    Loop gi = c.beginLoop("gi", l.groups());
    Index groupWeight = Index.var(weight).plus(gi.index().times(cg * g.channelWeights()));
    Index groupGy = WO.plus(gi.index().times(fg * g.widePlane()));
    c.statement("$T.weightGradient($L, $L, $L, $L, $L, $L, $L, $L, wide, $L, $L, $L, $L, g, $L)",
        DirectConvolution.class, input(l), inputOffset(l).plus(gi.index().times(cg * g.plane())), cg, g.plane(),
        w.kh(), w.kw(), g.rowShift(), w.dw(), groupGy.plus(g.lead()), fg, g.widePlane(), g.positions(),
        groupWeight);
    c.end(gi);
    c.beginInputGrad()
        .add("// input gradient: the flipped kernel over the zero-padded gy, into xp as wide rows (over the padded input)\n");
    gi = c.beginLoop("gi", l.groups());
    groupWeight = Index.var(weight).plus(gi.index().times(cg * g.channelWeights()));
    groupGy = WO.plus(gi.index().times(fg * g.widePlane()));
    // taps run backwards (negative strides from the last tap); filters are the input channels
    int lastTap = (w.kh() - 1) * w.kw() * fg + (w.kw() - 1) * fg;
    int first = w.padTop() * g.wp() + w.padLeft();
    c.statement("$T.forward(wide, $L, $L, $L, $L, $L, $L, $L, p, $L, 1, $L, $L, $L, xp, $L, $L, $L, $L)",
        DirectConvolution.class, groupGy.plus(first), fg, g.widePlane(), w.kh(), w.kw(), g.rowShift(), w.dw(),
        groupWeight.plus(lastTap), -w.kw() * fg, -fg, g.channelWeights(),
        XPO.plus(gi.index().times(cg * g.plane())), cg, g.plane(), (w.h() - 1) * g.wp() + w.w());
    c.end(gi)
        .add("// gx $L the first $L of each wide row\n", c.gxAssign(), w.w())
        .statement("$T.narrow(xp, xpo, $L, $L, $L, $L, $L, gx, xo, $L)", DirectConvolution.class, g.plane(), g.wp(),
            w.c(), w.h(), w.w(), c.accumulate())
        .endInputGrad();
    c.end(b);
  }
}
