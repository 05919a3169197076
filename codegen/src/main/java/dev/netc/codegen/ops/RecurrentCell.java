package dev.netc.codegen.ops;

import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.ops.Op.ExtraBuffer;
import java.util.List;

/**
 * What one kind of recurrent cell adds to {@link RecurrentOp}'s shared time loop: its biases and
 * workspace, and its forward step next to its backward step. The loop runs the products that all
 * cells share (the input contribution over every step at once, the recurrent one per step, the
 * gradients of both); the cell writes what happens per example at one step.
 *
 * <p>The cell's code sees, per example {@code b} at step {@code t}: {@code ht} its row in hs (and
 * cs, tc, hn), {@code hp} the previous state's row ({@link #gated} cells; read only when {@code s
 * > 0}), {@code a} its row in gates and da, and in backward {@code d} its row in dh and dc.
 */
abstract sealed class RecurrentCell permits RnnCell, LstmCell, GruCell {
  static final Index A = Index.var("a");
  static final Index HT = Index.var("ht");
  static final Index HP = Index.var("hp");
  static final Index D = Index.var("d");

  /** The parameters after the two weight matrices, in layout order. */
  abstract List<ParamSpec> biases(int features, int units);

  /** The bias the input contribution starts from, {@code [G*H]}; its gradient is the column sums of da. */
  abstract String inputBias(LayerCode c, RecurrentLayer l);

  /** Workspace kept from forward for backward, after hs. */
  abstract List<ExtraBuffer> stateBuffers(int steps, int units);

  /** Backward scratch, after dh and da. */
  List<ExtraBuffer> scratchBuffers(int units) {
    return List.of();
  }

  /** Whether the cell keeps activated gates (and so reads rows {@code a} and {@code hp} forward). */
  boolean gated() {
    return true;
  }

  /** The buffer the pre-activations accumulate in. */
  String accumulator() {
    return "gates";
  }

  /** Every row's starting value before the products: by default the input bias. */
  void startingValues(LayerCode c, RecurrentLayer l) {
    c.add("// starting values: the bias in every row\n")
        .loop("r", LayerCode.batchTimes(l.steps()), r -> c.copy("p", inputBias(c, l), accumulator(),
            r.times(l.gateStride()).plus(l.gateColumn()), l.gh()));
  }

  /** Within {@code if (s > 0)}: rows t of the accumulator += h' · W_hh, h' being rows tp of hs. */
  void recurrentProduct(LayerCode c, RecurrentLayer l) {
    int h = l.units();
    int gh = l.gh();
    c.add("// $L[batch, $L] += h' · W_hh[$L, $L]\n", accumulator(), gh, h, gh)
        .gemm(GemmCall.nn("batch", gh, h)
            .a("hs", previousRow(l), l.steps() * l.stateStride())
            .b("p", l.param(c, "weight_hh"), gh)
            .c(accumulator(), Index.var("t").times(l.gateStride()).plus(l.gateColumn()), l.steps() * l.gateStride())
            .accumulate(true));
  }

  /** Offset of example 0's previous state h' (step tp) in hs; examples are {@code T * stateStride} apart. */
  static Index previousRow(RecurrentLayer l) {
    return Index.var("tp").times(l.stateStride()).plus(l.stateColumn());
  }

  /** Forward, per example at step t after the products: the activations and the new state. */
  abstract void forwardStep(LayerCode c, RecurrentLayer l);

  /** Backward, before the time loop: clears the cell's carried gradients. */
  void startBackward(LayerCode c, RecurrentLayer l) {}

  /** Backward, per example at step t, before the loop over units. */
  void backwardOffsets(LayerCode c, RecurrentLayer l) {}

  /**
   * Backward, per example at step t and unit {@code k}, given {@code dhk} (the gradient of the
   * state): the gate pre-activation gradients into da, and the carried gradients.
   */
  abstract void backwardStep(LayerCode c, RecurrentLayer l, Index k);

  /** The gradient of {@code h' W_hh} at step t, as a Gemm operand, and whether it adds to dh. */
  record StateGradient(String array, Object offset, int ld, boolean addsToDh) {}

  /** After the per-example backward step: what the recurrent weights' gradient multiplies. */
  StateGradient stateGradient(LayerCode c, RecurrentLayer l) {
    return new StateGradient("da", Index.var("t").times(l.gateStride()).plus(l.gateColumn()),
        l.steps() * l.gateStride(), false);
  }
}
