package dev.netc.codegen.ops;

import dev.netc.codegen.base.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers and directions of one recurrent op, as PyTorch's {@code num_layers} and {@code
 * bidirectional}: layer 0 reads the op's input {@code [T, F]}, each layer above reads the full
 * sequence of the one below (its directions side by side, {@code [T, D*H]}), and the op's output
 * comes from the top layer, its directions merged by concatenation or sum.
 *
 * @param steps T
 * @param features F of the op's input
 * @param units H
 * @param gates G of the cell
 * @param layers stacked layers (1 for a plain layer)
 * @param directions 1, or 2 when bidirectional (direction 1 reads the sequence reversed)
 * @param reverse whether a single-direction op runs from the last step to the first
 * @param sequences whether the output is every step's state rather than the final one
 * @param concat whether two directions are concatenated ({@code [h_forward, h_backward]}) rather than added
 * @param initialState whether the state before the first step is another value's ({@code
 *     initial_state}, the layer's input {@code h0}) rather than zero
 * @param initialCell whether the LSTM cell before the first step is another value's ({@code
 *     initial_cell}, the layer's input {@code c0}) rather than zero
 */
record RecurrentStack(int steps, int features, int units, int gates, int layers, int directions,
    boolean reverse, boolean sequences, boolean concat, boolean initialState,
    boolean initialCell) {

  static RecurrentStack of(Shape input, Args args, int gates) {
    return new RecurrentStack(input.dim(0), input.dim(1), args.intArg("units"), gates, args.intArg("layers"),
        args.boolArg("bidirectional") ? 2 : 1, args.boolArg("reverse"), args.boolArg("sequences"),
        args.enumArg("merge").equals("concat"), args.values().containsKey(RecurrentOp.INITIAL_STATE),
        args.values().containsKey(RecurrentOp.INITIAL_CELL));
  }

  /** Sub-layers: layers times directions. */
  int count() {
    return layers * directions;
  }

  /** Width of one step of the output: 2H for concatenated directions, else H. */
  int outputWidth() {
    return concat && directions == 2 ? 2 * units : units;
  }

  /** Where direction {@code d} writes (or reads its gradient) in one step of the output. */
  int outputColumn(int direction) {
    return concat ? direction * units : 0;
  }

  /** Direction {@code direction} of layer {@code layer}. */
  RecurrentLayer layer(int layer, int direction) {
    int features = layer == 0 ? this.features : directions * units;
    return new RecurrentLayer(steps, features, units, gates, direction == 1 || reverse,
        layer * directions + direction, count(), suffix(layer, direction), initialState,
        initialCell);
  }

  /** Every sub-layer, bottom layer first, the forward direction before the backward one. */
  List<RecurrentLayer> all() {
    List<RecurrentLayer> all = new ArrayList<>();
    for (int layer = 0; layer < layers; layer++) {
      for (int d = 0; d < directions; d++) {
        all.add(layer(layer, d));
      }
    }
    return all;
  }

  /** PyTorch's parameter suffixes ({@code _l0}, {@code _l0_reverse}), or none for a plain layer. */
  private String suffix(int layer, int direction) {
    return count() == 1 ? "" : "_l" + layer + (direction == 1 ? "_reverse" : "");
  }

  /** What one layer of the stack is called in generated comments. */
  String label(RecurrentLayer l) {
    if (count() == 1) {
      return "";
    }
    String direction = directions == 1 ? "" : l.index() % 2 == 0 ? "forward direction" : "backward direction";
    String layer = layers == 1 ? "" : "layer " + l.index() / directions;
    return layer.isEmpty() ? direction : direction.isEmpty() ? layer : layer + ", " + direction;
  }
}
