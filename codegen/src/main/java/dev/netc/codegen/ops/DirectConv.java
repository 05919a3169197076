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
 * <p>Backward is {@link Im2colConv}'s, in chunks of the batch with the im2col redone per chunk:
 * its two products measured faster than the direct formulation of the gradients (a weight
 * gradient of one dot product per channel, tap and filter over the positions).
 *
 * <p>Stride 1 only (any padding and dilation, any groups); the plan gives a strided layer im2col.
 */
final class DirectConv implements ConvVariant {
  static final DirectConv INSTANCE = new DirectConv();
  private static final Index XO = PerExampleConv.XO;
  private static final Index YO = PerExampleConv.YO;
  /**
   * xp and wide are staging areas of one example, reused by every example of the batch at
   * offset 0: so they stay in the core's cache however large the batch (at batch 256 per-example
   * offsets made every example's wide rows travel to memory and back).
   */
  private static final Index XPO = Index.ZERO;
  private static final Index WO = Index.ZERO;

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

    /** Floats per filter of wide: the padded plane, which holds every position. */
    int widePlane() {
      return plane();
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
    if (l.w().padded()) {
      out.add(new ExtraBuffer("xp", (long) l.w().c() * g.plane(), "padded input [C, Hp, Wp]"));
    }
    out.add(new ExtraBuffer("wide", (long) l.filters() * g.widePlane(), "outputs as wide rows [F, Hp * Wp]"));
    // backward is im2col's: its col and yt (and pre, shared with forward)
    out.addAll(Im2colConv.INSTANCE.buffers(l));
    return out;
  }

  /** Opens the loop over the batch with the example's offsets in x and y. */
  private static Loop exampleLoop(LayerCode c, ConvLayer l, Geometry g) {
    Loop b = c.beginLoop("b", "batch");
    c.statement("int xo = $L", b.index().times(c.inSize()))
        .statement("int yo = $L", b.index().times(c.outSize()));
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
          .statement("$T.pad(x, xo, $L, $L, $L, $L, $L, $L, $L, xp, 0)", DirectConvolution.class, w.c(), w.h(),
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
    ConvEpilogue.writeRows(c, l, f.index(), "wide", WO.plus(f.index().times(g.widePlane())), g.positions(), g.wp(),
        w.oh(), w.ow(), YO.plus(f.index().times(l.positions())));
    c.end(f).end(b);
  }

  /**
   * im2col's backward, chunk by chunk with its im2col redone: on the sample networks' layers its
   * two products measured faster than the direct weight gradient (dot products over the
   * positions) and input gradient (docs/convolution.md).
   */
  @Override
  public void backward(LayerCode c, ConvLayer l) {
    check(l);
    Im2colConv.INSTANCE.backward(c, l, false);
  }
}
