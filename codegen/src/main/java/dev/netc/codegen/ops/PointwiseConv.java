package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import dev.netc.runtime.kernels.Gemm;
import java.util.List;

/**
 * A 1x1 convolution at stride 1 without padding or groups: each example's input {@code [C, positions]}
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
    if (!l.w().pointwise() || l.groups() != 1) {
      throw new IllegalStateException("pointwise convolution planned for a " + l.w().describe()
          + " with " + l.groups() + " groups");
    }
  }

  @Override
  void product(LayerCode c, ConvLayer l) {
    check(l);
    int f = l.filters();
    int k = l.taps();
    int pl = l.positions();
    c.add("// y[$L, $L] += wᵀ · x[$L, $L] (weights stored [taps, filters])\n", f, pl, k, pl)
        .gemm(GemmCall.tn(f, pl, k)
            .a("p", c.param("weight"), f)
            .b("x", XO, pl)
            .c("y", YO, pl)
            .accumulate(true));
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
        .gemm(GemmCall.nt(k, f, pl)
            .a("x", XO, pl)
            .b("gy", YO, pl)
            .c("g", wt, f)
            .accumulate(true))
        .beginInputGrad()
        .add("// input gradient: gx[$L, $L] $L w · gy\n", k, pl, c.gxAssign())
        .gemm(GemmCall.nn(k, pl, f)
            .a("p", wt, f)
            .b("gy", YO, pl)
            .c("gx", XO, pl)
            .accumulate(c.accumulate()))
        .endInputGrad();
  }
}
