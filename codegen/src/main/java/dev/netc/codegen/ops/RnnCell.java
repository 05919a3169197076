package dev.netc.codegen.ops;

import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.ops.Op.ExtraBuffer;
import dev.netc.runtime.Init;
import dev.netc.runtime.kernels.Elementwise;
import java.util.List;

/**
 * {@code rnn} (one gate): {@code h = act(x W_ih + h' W_hh + bias)}, act tanh or relu; {@code bias
 * [H]} = PyTorch's {@code b_ih + b_hh}. The pre-activation accumulates straight into hs, which the
 * activation then overwrites, so the cell keeps no workspace of its own.
 */
final class RnnCell extends RecurrentCell {
  private final boolean relu;

  RnnCell(boolean relu) {
    this.relu = relu;
  }

  @Override
  List<ParamSpec> biases(int features, int units) {
    return List.of(new ParamSpec("bias", Shape.of(units), Init.ZEROS, features, units));
  }

  @Override
  String inputBias(LayerCode c, RecurrentLayer l) {
    return l.param(c, "bias");
  }

  @Override
  List<ExtraBuffer> stateBuffers(int steps, int units) {
    return List.of();
  }

  @Override
  boolean gated() {
    return false;
  }

  @Override
  String accumulator() {
    return "hs";
  }

  @Override
  void forwardStep(LayerCode c, RecurrentLayer l) {
    if (relu) {
      c.loop("k", HT, HT.plus(l.units()), k -> c.statement("hs[$L] = Math.max(hs[$L], 0f)", k, k));
    } else {
      c.statement("$T.tanh(hs, ht, $L)", Elementwise.class, l.units());
    }
  }

  @Override
  void backwardStep(LayerCode c, RecurrentLayer l, Index k) {
    Index hk = HT.plus(k);
    if (relu) {
      c.statement("da[$L] = dhk * $T.step(hs[$L])", A.plus(k), Activation.ACTIVATIONS, hk);
    } else {
      c.statement("da[$L] = dhk * (1f - hs[$L] * hs[$L])", A.plus(k), hk, hk);
    }
  }
}
