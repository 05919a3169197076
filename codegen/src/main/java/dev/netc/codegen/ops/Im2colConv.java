package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import dev.netc.runtime.kernels.Elementwise;
import java.util.ArrayList;
import java.util.List;

/**
 * A convolution as matrix products over chunks of the batch ({@link #chunk}: as many examples as
 * keep col in cache). Forward per chunk: im2col into {@code col [taps, n * positions]}, one
 * product with the weights into {@code yt [filters, n * positions]}, then back to {@code [batch,
 * filters, positions]} with the bias and activation fused into the copy ({@link ConvEpilogue}). Backward: the activation's derivative, gy rearranged by filter into yt (the bias gradient
 * on the way), im2col of the chunk again (unless the batch was one chunk), the weight gradient and
 * the gradient of col (written over col) as one product each, then col2im into gx. One wide
 * product per chunk instead of one per example keeps every column panel of the kernel full. With channel groups each product is one per group, over the group's block of
 * rows of col and yt and its block of the weight.
 */
final class Im2colConv implements ConvVariant {
  static final Im2colConv INSTANCE = new Im2colConv();
  /** col's and yt's row length: batch * positions, a local of both methods. */
  private static final Index LD = Index.var("ld");
  /** The first column of the current image row in col. */
  private static final Index R = Index.var("r");

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

  /**
   * Examples per chunk: as many as keep col within {@link #COL_BUDGET_FLOATS}, at least one. The
   * product of a chunk still has {@code chunk * positions} columns, enough to fill the kernel's
   * column panels for every layer of the sample networks (196 and more).
   */
  static int chunk(ConvLayer l) {
    long perExample = (long) l.taps() * l.positions();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, COL_BUDGET_FLOATS / perExample));
  }

  /**
   * Floats of col per chunk: 64 Ki floats, 256 KiB, half the L2 cache of the machines measured, so
   * col, the chunk's yt and the weights stay in it (docs/convolution.md has the measurement).
   */
  static final long COL_BUDGET_FLOATS = 64 * 1024;

  /**
   * Opens the loop over chunks of {@code e} examples with {@code b0} (the chunk's first example),
   * {@code n} (its examples) and {@code ld} (col's and yt's row length, n * positions).
   */
  private static void beginChunk(LayerCode c, ConvLayer l, int e) {
    c.add("// $L example$L at a time, so col ($L floats per example) stays in cache\n", e, e == 1 ? "" : "s",
            (long) l.taps() * l.positions())
        .begin("for (int b0 = 0; b0 < batch; b0 += $L)", e)
        .statement("int n = Math.min($L, batch - b0)", e)
        .statement("int ld = n * $L", l.positions());
  }

  /** im2col ({@code back = false}) or col2im of the chunk's examples. */
  private static void chunkColumns(LayerCode c, ConvLayer l, boolean back, String image) {
    c.begin("for (int b = b0; b < b0 + n; b++)")
        .statement("int xo = b * $L", l.w().inSize())
        .statement("int ao = (b - b0) * $L", l.positions());
    columns(c, l.w(), back, image);
    c.end();
  }

  @Override
  public void forward(LayerCode c, ConvLayer l) {
    int f = l.filters();
    int pl = l.positions();
    beginChunk(c, l, chunk(l));
    c.add("// im2col: row (channel, tap) holds the chunk's output positions side by side\n");
    chunkColumns(c, l, false, "x");
    Group g = Group.open(c, l);
    c.add("// yt[$L, n * $L] $L= wᵀ · col (weights stored [taps, filters]$L)\n", l.groupFilters(), pl,
            g.label(), l.groups() == 1 ? "" : ", one block per group")
        .gemm(GemmCall.tn(l.groupFilters(), LD, l.groupTaps())
            .a("p", g.weight(), l.groupFilters())
            .b("col", g.colRow(), LD)
            .c("yt", g.ytRow(), LD)
            .accumulate(false));
    c.end(g.loop())
        .add("// y[b, f, :] = $L\n", ConvEpilogue.formula(c, l, "yt[f, (b - b0) * " + pl + " ...]"))
        .begin("for (int b = b0; b < b0 + n; b++)")
        .statement("int at = (b - b0) * $L", pl);
    Loop fl = c.beginLoop("f", f);
    ConvEpilogue.write(c, l, fl.index(), "yt", fl.index().times("ld").plus("at"),
        Index.var("b").times(c.outSize()).plus(fl.index().times(pl)), pl);
    c.end(fl)
        .end()
        .end();
  }

  @Override
  public void backward(LayerCode c, ConvLayer l) {
    backward(c, l, true);
  }

  /**
   * The backward pass; {@code colFromForward} says whether the forward pass left its im2col in
   * col (this variant's own forward does; the direct variant's, which borrows this backward, does
   * not, so every chunk's im2col is done here).
   */
  void backward(LayerCode c, ConvLayer l, boolean colFromForward) {
    int f = l.filters();
    int pl = l.positions();
    int e = chunk(l);
    c.activationGradient(l.act(), l.alpha(), 0, LayerCode.batchTimes(c.outSize()));
    beginChunk(c, l, e);
    c.add("// gy by filter: yt[f, (b - b0) * $L + q] = gy[b, f, q]\n", pl)
        .begin("for (int b = b0; b < b0 + n; b++)")
        .statement("int at = (b - b0) * $L", pl)
        .loop("f", f, fi -> c.copy("gy", Index.var("b").times(c.outSize()).plus(fi.times(pl)),
            "yt", fi.times("ld").plus("at"), pl))
        .end();
    if (l.bias()) {
      Index bias = Index.var(c.param("bias"));
      c.add("// bias gradient: each filter's row of yt summed over the chunk's positions\n")
          .loop("f", f, fi -> c.statement("g[$L] += $T.sum(yt, $L, ld)", bias.plus(fi), Elementwise.class,
              fi.times("ld")));
    }
    if (colFromForward) {
      c.add("// col still holds the forward's im2col when the batch was one chunk; else it is redone\n")
          .begin("if (batch > $L)", e);
      chunkColumns(c, l, false, "x");
      c.end();
    } else {
      c.add("// im2col of the chunk (the direct forward pass made none)\n");
      chunkColumns(c, l, false, "x");
    }
    int k = l.groupTaps();
    int fg = l.groupFilters();
    Group g = Group.open(c, l);
    c.add("// weight gradient$L: g[$L, $L] += col · ytᵀ, over the chunk's positions\n", g.label(), k, fg)
        .gemm(GemmCall.nt(k, fg, LD)
            .a("col", g.colRow(), LD)
            .b("yt", g.ytRow(), LD)
            .c("g", g.weight(), fg)
            .accumulate(true));
    c.end(g.loop());
    c.beginInputGrad()
        .add("// gradient of col (over col, which backward no longer needs): w · yt\n");
    g = Group.open(c, l);
    c.gemm(GemmCall.nn(k, LD, fg)
            .a("p", g.weight(), fg)
            .b("yt", g.ytRow(), LD)
            .c("col", g.colRow(), LD)
            .accumulate(false));
    c.end(g.loop());
    if (!c.accumulate()) {
      c.zero("gx", Index.var("b0").times(c.inSize()), Index.var("b0").plus("n").times(c.inSize()));
    }
    c.add("// col2im: add each patch gradient back where im2col read it\n");
    chunkColumns(c, l, true, "gx");
    c.endInputGrad()
        .end();
  }

  /**
   * The loop over channel groups (left out for one group) and the offsets of group {@code gi}'s
   * blocks: its weight matrix in p (or g), its rows of col and its rows of yt.
   */
  private record Group(Loop loop, Index weight, Index colRow, Index ytRow, String label) {
    static Group open(LayerCode c, ConvLayer l) {
      Loop gi = c.beginLoop("gi", l.groups());
      Index i = gi.index();
      return new Group(gi, Index.var(c.param("weight")).plus(i.times(l.groupWeights())),
          i.times(l.groupTaps()).times("ld"), i.times(l.groupFilters()).times("ld"),
          l.groups() == 1 ? "" : " of group gi");
    }
  }

  /**
   * Opens the loop over the batch with {@code xo}, the example's offset in the window's input
   * image (x or gx of a convolution; y or gy of a transposed one), and {@code ao}, its first column
   * in col.
   */
  static Loop exampleLoop(LayerCode c, Window w, int positions) {
    Loop b = c.beginLoop("b", "batch");
    c.statement("int xo = $L", b.index().times(w.inSize()))
        .statement("int ao = $L", b.index().times(positions));
    return b;
  }

  /**
   * im2col ({@code back = false}: col from {@code image}) or col2im ({@code back = true}: {@code
   * image} += col), where image is the window's input, x or gx of a convolution. Sees
   * {@code xo} (example offset of x and gx), {@code ao} (the example's first column in col) and
   * {@code ld} (col's row length, batch * positions). It must end the body of the loop around it:
   * a padding row {@code continue}s, which with the loop over rows left out (one row) goes to the
   * enclosing loop's next iteration.
   */
  static void columns(LayerCode c, Window w, boolean back, String image) {
    boolean vpad = w.padTop() + w.padBottom() > 0;
    boolean hpad = w.padLeft() + w.padRight() > 0;
    Loop ch = c.beginLoop("ch", w.c());
    Loop ky = c.beginLoop("ky", w.kh());
    Loop kx = c.beginLoop("kx", w.kw());
    Index tap = ch.index().times(w.kh()).plus(ky.index()).times(w.kw()).plus(kx.index());
    Index kxd = kx.index().times(w.dw());
    c.statement("int r0 = $L", Index.var("ao").plus(tap.times("ld")));
    if (hpad && w.sw() == 1) {
      // output columns whose input column lies inside the image: [lo, hi)
      c.statement("int lo = Math.min($L, Math.max(0, $L))", w.ow(), Index.of(w.padLeft()).minus(kxd))
          .statement("int hi = Math.max(lo, Math.min($L, $L))", w.ow(), Index.of(w.w() + w.padLeft()).minus(kxd));
    }
    Loop oy = c.beginLoop("oy", w.oh());
    c.statement("int r = $L", Index.var("r0").plus(oy.index().times(w.ow())))
        .statement("int iy = $L", oy.index().times(w.sh()).plus(ky.index().times(w.dh())).minus(w.padTop()));
    if (vpad) {
      c.begin("if (iy < 0 || iy >= $L)", w.h());
      if (!back) {
        c.zero("col", R, R.plus(w.ow()));
      }
      c.statement("continue").end();
    }
    // input index of output column ox: xr + ox * sw
    c.statement("int xr = $L", Index.var("xo").plus(ch.index().times(w.h() * w.w()))
        .plus(Index.var("iy").times(w.w())).plus(kxd).minus(w.padLeft()));
    if (w.sw() == 1) {
      contiguousRow(c, w, back, hpad, image);
    } else {
      stridedRow(c, w, back, hpad, kxd, image);
    }
    c.end(oy).end(kx).end(ky).end(ch);
  }

  /** One image row at stride 1: a copy (im2col) or an add loop (col2im) over [lo, hi). */
  private static void contiguousRow(LayerCode c, Window w, boolean back, boolean hpad, String image) {
    Index lo = hpad ? Index.var("lo") : Index.ZERO;
    Index hi = hpad ? Index.var("hi") : Index.of(w.ow());
    Index xr = Index.var("xr");
    if (!back) {
      if (hpad) {
        c.zero("col", R, R.plus(lo))
            .zero("col", R.plus(hi), R.plus(w.ow()));
      }
      c.copy(image, xr.plus(lo), "col", R.plus(lo), hi.minus(lo));
    } else {
      c.loop("ox", lo, hi, ox -> c.statement("$L[$L] += col[$L]", image, xr.plus(ox), R.plus(ox)));
    }
  }

  /** One image row at a stride above 1, element by element, zeros where the column is padding. */
  private static void stridedRow(LayerCode c, Window w, boolean back, boolean hpad, Index kxd, String image) {
    Loop ox = c.beginLoop("ox", w.ow());
    Index col = R.plus(ox.index());
    Index x = Index.var("xr").plus(ox.index().times(w.sw()));
    if (hpad) {
      c.statement("int ix = $L", ox.index().times(w.sw()).plus(kxd).minus(w.padLeft()));
    }
    if (!back) {
      if (hpad) {
        c.statement("col[$L] = ix >= 0 && ix < $L ? $L[$L] : 0f", col, w.w(), image, x);
      } else {
        c.statement("col[$L] = $L[$L]", col, image, x);
      }
    } else if (hpad) {
      c.begin("if (ix >= 0 && ix < $L)", w.w())
          .statement("$L[$L] += col[$L]", image, x, col)
          .end();
    } else {
      c.statement("$L[$L] += col[$L]", image, x, col);
    }
    c.end(ox);
  }
}
