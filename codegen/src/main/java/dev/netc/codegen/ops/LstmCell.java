package dev.netc.codegen.ops;

import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.ops.Op.ExtraBuffer;
import dev.netc.runtime.Init;
import dev.netc.runtime.kernels.Elementwise;
import java.util.List;

/**
 * {@code lstm} (four gates, order i, f, g, o as in PyTorch): {@code i = σ(.), f = σ(.), g =
 * tanh(.), o = σ(.), c = f c' + i g, h = o tanh(c)}. Biases {@code bias_i, bias_f, bias_g, bias_o
 * [H]} are consecutive in the parameter buffer, i.e. one {@code [4H]} vector = PyTorch's {@code b_ih
 * + b_hh}; {@code bias_f} starts at 1.0 (Jozefowicz et al. 2015), the others at 0. Keeps the cells
 * {@code cs} and their tanh {@code tc} of every step; carries the cell gradient {@code dc} back.
 */
final class LstmCell extends RecurrentCell {
  static final LstmCell INSTANCE = new LstmCell();

  private LstmCell() {}

  @Override
  List<ParamSpec> biases(int features, int h) {
    return List.of(
        new ParamSpec("bias_i", Shape.of(h), Init.ZEROS, features, h),
        new ParamSpec("bias_f", Shape.of(h), Init.ONES, features, h),
        new ParamSpec("bias_g", Shape.of(h), Init.ZEROS, features, h),
        new ParamSpec("bias_o", Shape.of(h), Init.ZEROS, features, h));
  }

  @Override
  String inputBias(LayerCode c, RecurrentLayer l) {
    return l.param(c, "bias_i");
  }

  @Override
  List<ExtraBuffer> stateBuffers(int steps, int h) {
    return List.of(
        new ExtraBuffer("gates", (long) steps * 4 * h, "activated gates of every step"),
        new ExtraBuffer("cs", (long) steps * h, "cell state of every step"),
        new ExtraBuffer("tc", (long) steps * h, "tanh of the cell state of every step"));
  }

  @Override
  List<ExtraBuffer> scratchBuffers(int h) {
    return List.of(new ExtraBuffer("dc", h, "backward scratch: gradient of the cell"));
  }

  @Override
  void forwardStep(LayerCode c, RecurrentLayer l) {
    int h = l.units();
    c.add("// i, f = σ(·); g = tanh(·); o = σ(·)\n")
        .statement("$T.sigmoid(gates, a, $L)", Elementwise.class, 2 * h)
        .statement("$T.tanh(gates, $L, $L)", Elementwise.class, A.plus(2 * h), h)
        .statement("$T.sigmoid(gates, $L, $L)", Elementwise.class, A.plus(3 * h), h)
        .add("// c = f c' + i g (c' = $L before the first step)\n", l.initialCell() ? "c0" : "0")
        .loop("k", h, k -> {
          if (l.initialCell()) {
            c.statement("float cell = gates[$L] * gates[$L] + gates[$L] * ($L)",
                A.plus(k), A.plus(2 * h).plus(k), A.plus(h).plus(k), previousCell(l, k));
          } else {
            c.statement("float cell = gates[$L] * gates[$L] + (s > 0 ? gates[$L] * cs[$L] : 0f)",
                A.plus(k), A.plus(2 * h).plus(k), A.plus(h).plus(k), HP.plus(k));
          }
          c.statement("cs[$L] = cell", HT.plus(k))
              .statement("tc[$L] = cell", HT.plus(k));
        })
        .statement("$T.tanh(tc, ht, $L)", Elementwise.class, h)
        .add("// h = o tanh(c)\n")
        .loop("k", h, k -> c.statement("hs[$L] = gates[$L] * tc[$L]", HT.plus(k), A.plus(3 * h).plus(k), HT.plus(k)));
  }

  /** c' at unit k: the previous step's cell, or before the first step 0 or the initial cell (c0). */
  private static String previousCell(RecurrentLayer l, Index k) {
    return "s > 0 ? cs[" + HP.plus(k) + "] : " + (l.initialCell() ? "c0[" + I0.plus(k) + "]" : "0f");
  }

  @Override
  void startBackward(LayerCode c, RecurrentLayer l) {
    c.zero("dc", 0, LayerCode.batchTimes(l.units()));
  }

  @Override
  void backwardStep(LayerCode c, RecurrentLayer l, Index k) {
    int h = l.units();
    c.statement("float ig = gates[$L]", A.plus(k))
        .statement("float fg = gates[$L]", A.plus(h).plus(k))
        .statement("float gg = gates[$L]", A.plus(2 * h).plus(k))
        .statement("float og = gates[$L]", A.plus(3 * h).plus(k))
        .statement("float th = tc[$L]", HT.plus(k))
        .statement("float dct = dc[$L] + dhk * og * (1f - th * th)", D.plus(k))
        .statement("float cp = $L", previousCell(l, k))
        .statement("da[$L] = dct * gg * ig * (1f - ig)", A.plus(k))
        .statement("da[$L] = dct * cp * fg * (1f - fg)", A.plus(h).plus(k))
        .statement("da[$L] = dct * ig * (1f - gg * gg)", A.plus(2 * h).plus(k))
        .statement("da[$L] = dhk * th * og * (1f - og)", A.plus(3 * h).plus(k))
        .statement("dc[$L] = dct * fg", D.plus(k));
  }
}
