package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The code of a {@link ConvTransposeOp} layer: the backward pass of the conv2d it is the adjoint
 * of, run forward, over the whole batch. Forward: x rearranged by channel into {@code xt [C, batch
 * * H * W]}, one product {@code col = wᵀ · xt} ({@code [F * kh * kw, batch * H * W]}), then y
 * filled with the bias and col2im adds every column into its window of y; the activation last.
 * Backward: the activation's derivative, the bias gradient, im2col of gy into col, the weight
 * gradient {@code xt · colᵀ} and the input gradient {@code w · col} (into xt, then back to {@code
 * [batch, C, H, W]}) as one product each. im2col and col2im are {@link Im2colConv}'s, on the
 * window {@code w} of that conv2d: its input is this layer's output.
 *
 * @param w the adjoint conv2d's window: c = filters, h x w = the output, oh x ow = the input
 * @param channels input channels C
 * @param bias whether a bias per filter is added
 * @param act the fused activation
 */
record TransposedConv(Window w, int channels, boolean bias, Activation act) {
  private static final Index LD = Index.var("ld");

  /** Output floats per example. */
  private int outSize() {
    return w.inSize();
  }

  /** Input positions per channel and example: the columns of col per example. */
  private int positions() {
    return w.outPlane();
  }

  /** Rows of col: filters times taps. */
  private int taps() {
    return w.c() * w.area();
  }

  private double alpha() {
    return act == Activation.ELU ? Activation.ELU_ALPHA : Activation.LEAKY_RELU_ALPHA;
  }

  List<ExtraBuffer> buffers() {
    List<ExtraBuffer> out = new ArrayList<>();
    out.add(new ExtraBuffer("xt", (long) channels * positions(),
        "input by channel [C, batch * H * W]; the input gradient in backward"));
    out.add(new ExtraBuffer("col", (long) taps() * positions(),
        "columns [F*kh*kw, batch * H * W]: wᵀ · xt in forward, im2col of gy in backward"));
    if (act.needsInput()) {
      out.add(new ExtraBuffer("pre", outSize(), "pre-activation, for the derivative"));
    }
    return out;
  }

  void forward(LayerCode c) {
    int pl = positions();
    int k = taps();
    c.statement("int ld = $L", LayerCode.batchTimes(pl))
        .add("// x by channel: xt[ch, b * $L + q] = x[b, ch, q]\n", pl)
        .loop("b", "batch", b -> c.loop("ch", channels, ch -> c.copy("x", b.times(c.inSize()).plus(ch.times(pl)),
            "xt", ch.times("ld").plus(b.times(pl)), pl)))
        .add("// col[$L, batch * $L] = wᵀ · xt (weights stored [C, F*kh*kw])\n", k, pl)
        .gemm(GemmCall.tn(k, LD, channels)
            .a("p", c.param("weight"), k)
            .b("xt", 0, LD)
            .c("col", 0, LD)
            .accumulate(false));
    int plane = w.h() * w.w();
    if (bias) {
      Index b0 = Index.var(c.param("bias"));
      c.add("// y starts at the bias of its filter\n")
          .loop("b", "batch", b -> c.loop("f", w.c(), f -> {
            Index row = b.times(outSize()).plus(f.times(plane));
            c.fill("y", row, row.plus(plane), "p[" + b0.plus(f) + "]");
          }));
    } else {
      c.zero("y", 0, LayerCode.batchTimes(outSize()));
    }
    c.add("// col2im: add each column into its window of y (the adjoint conv's loops: ch over filters, oy, ox over x)\n");
    Loop b = Im2colConv.exampleLoop(c, w, pl);
    Im2colConv.columns(c, w, true, "y");
    c.end(b)
        .activate(act, alpha(), 0, LayerCode.batchTimes(outSize()));
  }

  void backward(LayerCode c) {
    int pl = positions();
    int k = taps();
    int plane = w.h() * w.w();
    String wt = c.param("weight");
    c.statement("int ld = $L", LayerCode.batchTimes(pl))
        .activationGradient(act, alpha(), 0, LayerCode.batchTimes(outSize()));
    if (bias) {
      Index b0 = Index.var(c.param("bias"));
      c.add("// bias gradient: each filter's plane of gy summed over the batch\n")
          .loop("b", "batch", b -> c.loop("f", w.c(), f -> {
            c.statement("int r = $L", b.times(outSize()).plus(f.times(plane)))
                .statement("float s = 0f")
                .loop("q", plane, q -> c.statement("s += gy[$L]", Index.var("r").plus(q)))
                .statement("g[$L] += s", b0.plus(f));
          }));
    }
    c.add("// im2col of gy: row (filter, tap) holds every example's input positions side by side (ch over filters)\n");
    Loop b = Im2colConv.exampleLoop(c, w, pl);
    Im2colConv.columns(c, w, false, "gy");
    c.end(b)
        .add("// weight gradient: g[$L, $L] += xt · colᵀ, over every example's positions\n", channels, k)
        .gemm(GemmCall.nt(channels, k, LD)
            .a("xt", 0, LD)
            .b("col", 0, LD)
            .c("g", wt, k)
            .accumulate(true))
        .beginInputGrad()
        .add("// input gradient by channel (over xt, which backward no longer needs): w · col\n")
        .gemm(GemmCall.nn(channels, LD, k)
            .a("p", wt, k)
            .b("col", 0, LD)
            .c("xt", 0, LD)
            .accumulate(false))
        .add("// gx[b, ch, q] $L xt[ch, b * $L + q]\n", c.gxAssign(), pl);
    c.loop("b", "batch", bi -> c.loop("ch", channels, ch -> {
      Index gx = bi.times(c.inSize()).plus(ch.times(pl));
      Index xt = ch.times("ld").plus(bi.times(pl));
      if (c.accumulate()) {
        c.loop("q", pl, q -> c.statement("gx[$L] += xt[$L]", gx.plus(q), xt.plus(q)));
      } else {
        c.copy("xt", xt, "gx", gx, pl);
      }
    }));
    c.endInputGrad();
  }
}
