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
 * > 0}), {@code a} its row in gates and da, and in backward {@code d} its row in dh and dc; with
 * an initial state, {@code i0} its row in h0 (gated cells).
 */
abstract sealed class RecurrentCell permits RnnCell, LstmCell, GruCell {
  static final Index A = Index.var("a");
  static final Index HT = Index.var("ht");
  static final Index HP = Index.var("hp");
  static final Index D = Index.var("d");
  static final Index I0 = Index.var("i0");

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

  /**
   * Rows t of the accumulator += h' · W_hh, h' being {@code previous}: rows tp of hs within {@code
   * if (s > 0)}, the initial state h0 at step 0.
   */
  void recurrentProduct(LayerCode c, RecurrentLayer l, RecurrentSteps.Rows previous) {
    int h = l.units();
    int gh = l.gh();
    c.add("// $L[batch, $L] += $L · W_hh[$L, $L]\n", accumulator(), gh, previous.array().equals("h0") ? "h0" : "h'", h, gh)
        .gemm(GemmCall.nn("batch", gh, h)
            .a(previous.array(), previous.offset(), previous.ld())
            .b("p", l.param(c, "weight_hh"), gh)
            .c(accumulator(), Index.var("t").times(l.gateStride()).plus(l.gateColumn()), l.steps() * l.gateStride())
            .accumulate(true));
  }

  /** The previous states as a Gemm operand: rows tp of hs (examples {@code T * stateStride} apart). */
  static RecurrentSteps.Rows previousRows(RecurrentLayer l) {
    return new RecurrentSteps.Rows("hs", previousRow(l), l.steps() * l.stateStride());
  }

  /** The initial states as a Gemm operand: this sub-layer's columns of h0 ({@code [count * H]} per example). */
  static RecurrentSteps.Rows initialRows(RecurrentLayer l) {
    return new RecurrentSteps.Rows("h0", l.stateColumn(), l.stateStride());
  }

  /**
   * h' at unit k of example b's row, as an expression: the previous step's state, or before the
   * first step 0 or the initial state (row {@code i0} of h0).
   */
  static String previousState(RecurrentLayer l, Index k) {
    return "s > 0 ? hs[" + HP.plus(k) + "] : " + (l.initialState() ? "h0[" + I0.plus(k) + "]" : "0f");
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
