package dev.netc.codegen.ops;

/**
 * One direction of one layer of a recurrent op, as the shared time loop and its cell see it. A
 * stacked or bidirectional op runs several of these in its one method; they keep their states side
 * by side in the same buffers: every row of hs (cs, tc, hn) holds the H columns of each of the
 * {@code count} sub-layers, every row of gates (da) their G*H columns, sub-layer {@code index}
 * starting at column {@code index * H} (or {@code index * G*H}). A single-direction, single-layer
 * op is the case {@code count = 1}, where strides and columns fold to the plain {@code [T, H]}
 * layout.
 *
 * @param steps T, the time steps of the input {@code [T, F]}
 * @param features F of this layer's input: the op's input for layer 0, the layer below's output
 *     (directions side by side) above it
 * @param units H, the size of the state
 * @param gates G, gates side by side in the weights' columns (rnn 1, lstm 4, gru 3)
 * @param reverse whether this direction runs its steps from T-1 down to 0
 * @param index the sub-layer: {@code layer * directions + direction}
 * @param count sub-layers of the op: layers times directions
 * @param suffix appended to the parameter names: "" for a single sub-layer, else PyTorch's
 *     {@code _l0}, {@code _l0_reverse}, {@code _l1}, ...
 * @param initialState whether the state before the first step is read from the layer's input
 *     {@code h0} ({@code [count * H]} per example, this sub-layer at column {@code index * H},
 *     PyTorch's h_0 order) rather than zero
 * @param initialCell whether the LSTM cell before the first step is read from the layer's input
 *     {@code c0} (laid out as h0) rather than zero
 */
record RecurrentLayer(int steps, int features, int units, int gates, boolean reverse, int index, int count,
    String suffix, boolean initialState, boolean initialCell) {

  /** G*H: the width of this sub-layer's rows of gates and da, and of its weight matrices' rows. */
  int gh() {
    return gates * units;
  }

  /** Floats per row (example and step) of hs, cs, tc, hn: every sub-layer's H states. */
  int stateStride() {
    return count * units;
  }

  /** Where this sub-layer's H columns start in a row of hs, cs, tc, hn. */
  int stateColumn() {
    return index * units;
  }

  /** Floats per row of gates and da: every sub-layer's G*H gates. */
  int gateStride() {
    return count * gh();
  }

  /** Where this sub-layer's G*H columns start in a row of gates and da. */
  int gateColumn() {
    return index * gh();
  }

  /** The offset constant of this sub-layer's parameter {@code role}, e.g. {@code GRU_1_WEIGHT_HH_L0_REVERSE}. */
  String param(LayerCode c, String role) {
    return c.param(role + suffix);
  }
}
