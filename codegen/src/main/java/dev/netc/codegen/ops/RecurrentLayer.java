package dev.netc.codegen.ops;

/**
 * One recurrent layer's sizes and flags, as the shared time loop and its cell see them.
 *
 * @param steps T, the time steps of the input {@code [T, F]}
 * @param features F
 * @param units H, the size of the state
 * @param gates G, gates side by side in the weights' columns (rnn 1, lstm 4, gru 3)
 * @param reverse whether steps run from T-1 down to 0
 * @param sequences whether the output is every step's state rather than the last one
 */
record RecurrentLayer(int steps, int features, int units, int gates, boolean reverse, boolean sequences) {

  /** G*H: the width of a row of gates, of da and of the weight matrices. */
  int gh() {
    return gates * units;
  }
}
