package dev.netc.codegen.ops;

/**
 * The output of a recurrent op, written after its loops: the top layer's states, every step's
 * ({@code sequences: true}) or the final one of each direction (the forward direction's after step
 * T-1, the backward direction's after step 0, as PyTorch's {@code h_n}), its two directions
 * concatenated or added. Its gradient is read back per direction where the backward loop starts
 * ({@link RecurrentSteps#backward}).
 */
final class RecurrentOutput {
  private RecurrentOutput() {}

  static void forward(LayerCode c, RecurrentStack stack) {
    int steps = stack.steps();
    int h = stack.units();
    int stride = stack.count() * h;
    int width = stack.outputWidth();
    int directions = stack.directions();
    // the top layer's columns in a row of hs
    int top = (stack.layers() - 1) * directions * h;
    boolean add = directions == 2 && !stack.concat();
    if (stack.sequences()) {
      if (add) {
        c.add("// y[batch, $L, $L]: the two directions added, step by step\n", steps, h)
            .loop("r", LayerCode.batchTimes(steps), r -> c.loop("k", h, k -> c.statement("y[$L] = hs[$L] + hs[$L]",
                r.times(h).plus(k), r.times(stride).plus(top).plus(k), r.times(stride).plus(top + h).plus(k))));
      } else if (stride == width) {
        c.add("// y[batch, $L, $L]: every state, same layout as hs\n", steps, width)
            .copy("hs", 0, "y", 0, LayerCode.batchTimes((long) steps * width));
      } else {
        c.add("// y[batch, $L, $L]: the top layer's states of every step\n", steps, width)
            .loop("r", LayerCode.batchTimes(steps), r -> c.copy("hs", r.times(stride).plus(top), "y", r.times(width), width));
      }
      return;
    }
    String what = directions == 1 ? "the state after the last step processed"
        : "the forward direction's state after step " + (steps - 1) + " and the backward direction's after step 0"
        + (add ? ", added" : "");
    c.add("// y[batch, $L]: $L\n", width, what);
    Loop b = c.beginLoop("b", "batch");
    Index[] rows = new Index[directions];
    for (int d = 0; d < directions; d++) {
      RecurrentLayer l = stack.layer(stack.layers() - 1, d);
      rows[d] = b.index().times(steps).plus(l.reverse() ? 0 : steps - 1).times(stride).plus(l.stateColumn());
    }
    if (add) {
      c.statement("int f = $L", rows[0]).statement("int r = $L", rows[1])
          .loop("k", h, k -> c.statement("y[$L] = hs[$L] + hs[$L]", b.index().times(h).plus(k),
              Index.var("f").plus(k), Index.var("r").plus(k)));
    } else {
      for (int d = 0; d < directions; d++) {
        c.copy("hs", rows[d], "y", b.index().times(width).plus(d * h), h);
      }
    }
    c.end(b);
  }
}
