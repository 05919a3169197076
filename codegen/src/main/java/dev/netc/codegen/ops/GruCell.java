package dev.netc.codegen.ops;

import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.ops.Op.ExtraBuffer;
import dev.netc.runtime.Init;
import dev.netc.runtime.kernels.Elementwise;
import java.util.List;

/**
 * {@code gru} (three gates, order r, z, n), PyTorch's equations: {@code r = σ(x W_ir + b_ir + h'
 * W_hr + b_hr)}, {@code z = σ(x W_iz + b_iz + h' W_hz + b_hz)}, {@code n = tanh(x W_in + b_in + r
 * (h' W_hn + b_hn))}, {@code h = (1 - z) n + z h'}; {@code bias_ih [3H]} and {@code bias_hh [3H]}
 * as PyTorch's {@code b_ih}, {@code b_hh}, both starting at 0. Since r multiplies {@code h' W_hn +
 * b_hn}, that term is kept apart in {@code hn}; backward gathers the gradient of {@code h' W_hh +
 * b_hh} per step in {@code dgh}.
 */
final class GruCell extends RecurrentCell {
  static final GruCell INSTANCE = new GruCell();

  private GruCell() {}

  @Override
  List<ParamSpec> biases(int features, int h) {
    return List.of(
        new ParamSpec("bias_ih", Shape.of(3 * h), Init.ZEROS, features, 3 * h),
        new ParamSpec("bias_hh", Shape.of(3 * h), Init.ZEROS, h, 3 * h));
  }

  @Override
  String inputBias(LayerCode c, RecurrentLayer l) {
    return l.param(c, "bias_ih");
  }

  @Override
  List<ExtraBuffer> stateBuffers(int steps, int h) {
    return List.of(
        new ExtraBuffer("gates", (long) steps * 3 * h, "activated gates of every step"),
        new ExtraBuffer("hn", (long) steps * h, "h' W_hn + b_hn of every step"));
  }

  @Override
  List<ExtraBuffer> scratchBuffers(int h) {
    return List.of(new ExtraBuffer("dgh", 3 * h, "backward scratch: gradient of h' W_hh + b_hh of one step"));
  }

  @Override
  void startingValues(LayerCode c, RecurrentLayer l) {
    int h = l.units();
    int gh = l.gh();
    Index biasHh = Index.var(l.param(c, "bias_hh"));
    c.add("// starting values: b_ih + b_hh for r and z, b_in for n; hn[batch * $L, $L] = b_hn\n", l.steps(), h);
    Loop r = c.beginLoop("r", LayerCode.batchTimes(l.steps()));
    Index row = r.index().times(l.gateStride()).plus(l.gateColumn());
    c.copy("p", inputBias(c, l), "gates", row, gh)
        .loop("j", 2 * h, j -> c.statement("gates[$L] += p[$L]", row.plus(j), biasHh.plus(j)))
        .copy("p", biasHh.plus(2 * h), "hn", r.index().times(l.stateStride()).plus(l.stateColumn()), h)
        .end(r);
  }

  @Override
  void recurrentProduct(LayerCode c, RecurrentLayer l, RecurrentSteps.Rows rows) {
    int h = l.units();
    int gh = l.gh();
    Object previous = rows.offset();
    String hp = rows.array().equals("h0") ? "h0" : "h'";
    Index weights = Index.var(l.param(c, "weight_hh"));
    c.add("// r, z: gates[batch, $L] += $L · W_hh[:, 0:$L]; n: hn[batch, $L] += $L · W_hh[:, $L:$L]\n",
            2 * h, hp, 2 * h, h, hp, 2 * h, gh)
        .gemm(GemmCall.nn("batch", 2 * h, h)
            .a(rows.array(), previous, rows.ld())
            .b("p", weights, gh)
            .c("gates", Index.var("t").times(l.gateStride()).plus(l.gateColumn()), l.steps() * l.gateStride())
            .accumulate(true))
        .gemm(GemmCall.nn("batch", h, h)
            .a(rows.array(), previous, rows.ld())
            .b("p", weights.plus(2 * h), gh)
            .c("hn", Index.var("t").times(l.stateStride()).plus(l.stateColumn()), l.steps() * l.stateStride())
            .accumulate(true));
  }

  @Override
  void forwardStep(LayerCode c, RecurrentLayer l) {
    int h = l.units();
    c.add("// r, z = σ(·); n = tanh(x W_in + b_in + r hn)\n")
        .statement("$T.sigmoid(gates, a, $L)", Elementwise.class, 2 * h)
        .loop("k", h, k -> c.statement("gates[$L] += gates[$L] * hn[$L]", A.plus(2 * h).plus(k), A.plus(k), HT.plus(k)))
        .statement("$T.tanh(gates, $L, $L)", Elementwise.class, A.plus(2 * h), h)
        .add("// h = (1 - z) n + z h' (h' = $L before the first step)\n", l.initialState() ? "h0" : "0")
        .loop("k", h, k -> {
          c.statement("float z = gates[$L]", A.plus(h).plus(k))
              .statement("float n = gates[$L]", A.plus(2 * h).plus(k));
          if (l.initialState()) {
            c.statement("hs[$L] = (1f - z) * n + z * ($L)", HT.plus(k), previousState(l, k));
          } else {
            c.statement("hs[$L] = (1f - z) * n + (s > 0 ? z * hs[$L] : 0f)", HT.plus(k), HP.plus(k));
          }
        });
  }

  @Override
  void backwardOffsets(LayerCode c, RecurrentLayer l) {
    c.statement("int e = b * $L", l.gh());
  }

  @Override
  void backwardStep(LayerCode c, RecurrentLayer l, Index k) {
    int h = l.units();
    Index e = Index.var("e");
    c.statement("float r = gates[$L]", A.plus(k))
        .statement("float z = gates[$L]", A.plus(h).plus(k))
        .statement("float n = gates[$L]", A.plus(2 * h).plus(k))
        .statement("float hprev = $L", previousState(l, k))
        .statement("float dan = dhk * (1f - z) * (1f - n * n)")
        .statement("float dar = dan * hn[$L] * r * (1f - r)", HT.plus(k))
        .statement("float daz = dhk * (hprev - n) * z * (1f - z)")
        .statement("da[$L] = dar", A.plus(k))
        .statement("da[$L] = daz", A.plus(h).plus(k))
        .statement("da[$L] = dan", A.plus(2 * h).plus(k))
        .statement("dgh[$L] = dar", e.plus(k))
        .statement("dgh[$L] = daz", e.plus(h).plus(k))
        .statement("dgh[$L] = dan * r", e.plus(2 * h).plus(k))
        .add("// the direct path h' -> h; the path through W_hh is added below\n")
        .statement("dh[$L] = dhk * z", D.plus(k));
  }

  /** dgh, with b_hh's gradient (dgh summed over the batch) taken on the way; it adds to dh's direct path. */
  @Override
  StateGradient stateGradient(LayerCode c, RecurrentLayer l) {
    int gh = l.gh();
    Index bias = Index.var(l.param(c, "bias_hh"));
    c.add("// b_hh: dgh[batch, $L] summed over the batch\n", gh)
        .loop("b", "batch", b -> c.loop("j", gh, j ->
            c.statement("g[$L] += dgh[$L]", bias.plus(j), b.times(gh).plus(j))));
    return new StateGradient("dgh", 0, gh, true);
  }
}
