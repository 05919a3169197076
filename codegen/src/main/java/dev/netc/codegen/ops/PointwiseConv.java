package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import dev.netc.runtime.kernels.Gemm;
import java.util.List;

/**
 * A 1x1 convolution at stride 1 without padding: each example's input {@code [C, positions]}
 * already is its im2col matrix, so forward and backward are one {@link Gemm} product per example
 * and direction, with no workspace but the pre-activation.
 */
final class PointwiseConv extends PerExampleConv {
  static final PointwiseConv INSTANCE = new PointwiseConv();

  private PointwiseConv() {}

  @Override
  public List<ExtraBuffer> buffers(ConvLayer l) {
    return l.preActivation();
  }

  private static void check(ConvLayer l) {
    if (!l.w().pointwise()) {
      throw new IllegalStateException("pointwise convolution planned for a " + l.w().describe());
    }
  }

  @Override
  void product(LayerCode c, ConvLayer l) {
    check(l);
    int f = l.filters();
    int k = l.taps();
    int pl = l.positions();
    c.add("// y[$L, $L] += wᵀ · x[$L, $L] (weights stored [taps, filters])\n", f, pl, k, pl)
        .statement("$T.tn($L, $L, $L, p, $L, $L, x, xo, $L, y, yo, $L, true)",
            Gemm.class, f, pl, k, c.param("weight"), f, pl, pl);
  }

  @Override
  void productGradients(LayerCode c, ConvLayer l) {
    check(l);
    int f = l.filters();
    int k = l.taps();
    int pl = l.positions();
    String wt = c.param("weight");
    // x is the col matrix, gx its gradient
    c.add("// weight gradient: g[$L, $L] += x[$L, $L] · gyᵀ\n", k, f, k, pl)
        .statement("$T.nt($L, $L, $L, x, xo, $L, gy, yo, $L, g, $L, $L, true)",
            Gemm.class, k, f, pl, pl, pl, wt, f)
        .beginInputGrad()
        .add("// input gradient: gx[$L, $L] $L w · gy\n", k, pl, c.gxAssign())
        .statement("$T.nn($L, $L, $L, p, $L, $L, gy, yo, $L, gx, xo, $L, $L)",
            Gemm.class, k, pl, f, wt, f, pl, pl, c.accumulate())
        .endInputGrad();
  }
}
