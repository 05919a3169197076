package dev.netc.codegen.ops;

/**
 * The time loop of one direction of one layer ({@link RecurrentLayer}), forward and backward, as
 * {@link RecurrentOp} writes it once per sub-layer; the cell ({@link RecurrentCell}) writes what
 * happens per example at one step.
 *
 * <p>A zero initial state (and LSTM cell) lets step 0 skip the recurrent products and drop the
 * state gradient left after step 0. An initial state taken from another value ({@link
 * RecurrentLayer#initialState()}, the layer's input {@code h0}) plugs in at exactly these two
 * places: the {@code if (s > 0)} products gain an {@code else} at step 0 (forward: {@code h0 ·
 * W_hh} into step 0's rows; backward: {@code gW_hh += h0ᵀ · da_0}, {@code dh} carried past step
 * 0 and written to {@code gh0}) and the cells' {@code s > 0 ? ... : 0f} reads of h' (and c',
 * {@code c0}) read h0 instead of 0. Without one the code is what it always was.
 */
final class RecurrentSteps {
  private RecurrentSteps() {}

  /** A row-major matrix operand: {@code array[offset + row * ld + column]}. */
  record Rows(String array, Object offset, int ld) {}

  /**
   * Where a sub-layer's output gradient is: {@code array[row * stride + column + k]} for row
   * {@code row} (example b at step t for a sequence, example b for a final state).
   */
  record Slice(String array, int stride, int column) {}

  /** {@code int t}: the input step that processing step {@code s} reads. */
  private static void timeIndex(LayerCode c, RecurrentLayer l) {
    c.statement("int t = $L", l.reverse() ? Index.of(l.steps() - 1).minus("s") : Index.var("s"));
  }

  /** {@code int tp}: the step of the previous state h' (only meaningful when {@code s > 0}). */
  private static void previousIndex(LayerCode c, RecurrentLayer l) {
    c.statement(l.reverse() ? "int tp = t + 1" : "int tp = t - 1");
  }

  /**
   * Row offsets of example {@code b} at step {@code t}: {@code ht} in hs / cs / tc / hn, {@code
   * hp} the previous state's (gated cells; read only when {@code s > 0}), {@code a} in gates / da,
   * {@code d} in dh / dc ({@code [batch, H]}).
   */
  private static void rowIndex(LayerCode c, RecurrentLayer l, Index b, boolean gated, boolean backward) {
    c.statement("int row = $L", b.times(l.steps()).plus("t"))
        .statement("int ht = $L", Index.var("row").times(l.stateStride()).plus(l.stateColumn()));
    if (gated) {
      c.statement("int hp = $L", l.reverse()
          ? RecurrentCell.HT.plus(l.stateStride()) : RecurrentCell.HT.minus(l.stateStride()));
      if (l.initialState() || l.initialCell()) {
        c.statement("int i0 = $L", b.times(l.stateStride()).plus(l.stateColumn()));
      }
    }
    if (gated || backward) {
      c.statement("int a = $L", Index.var("row").times(l.gateStride()).plus(l.gateColumn()));
    }
    if (backward) {
      c.statement("int d = $L", b.times(l.units()));
    }
  }

  /** Forward: the states of every step of one sub-layer from its input rows {@code x}. */
  static void forward(LayerCode c, RecurrentCell cell, RecurrentLayer l, Rows x) {
    int steps = l.steps();
    int f = l.features();
    int h = l.units();
    int gh = l.gh();
    String acc = cell.accumulator();
    cell.startingValues(c, l);
    c.add("// input contribution of every example and step at once:\n")
        .add("// $L[batch * $L, $L] += $L[batch * $L, $L] · W_ih[$L, $L]\n", acc, steps, gh, x.array(), steps, f, f, gh)
        .gemm(GemmCall.nn(LayerCode.batchTimes(steps), gh, f)
            .a(x.array(), x.offset(), x.ld())
            .b("p", l.param(c, "weight_ih"), gh)
            .c(acc, l.gateColumn(), l.gateStride())
            .accumulate(true));
    c.begin("for (int s = 0; s < $L; s++)", steps);
    timeIndex(c, l);
    c.add("// recurrent contribution over the batch (the initial state is $L): rows t += h'[batch, $L] · W_hh,\n",
            l.initialState() ? "h0" : "zero", h)
        .add("// h' being rows tp of hs (leading dimension $L)\n", steps * l.stateStride())
        .begin("if (s > 0)");
    previousIndex(c, l);
    cell.recurrentProduct(c, l, RecurrentCell.previousRows(l));
    if (l.initialState()) {
      c.nextControlFlow("else");
      cell.recurrentProduct(c, l, RecurrentCell.initialRows(l));
    }
    c.end()
        .add("// cell update per example: activations in place over the row (SIMD), then the state\n");
    Loop b = c.beginLoop("b", "batch");
    rowIndex(c, l, b.index(), cell.gated(), false);
    cell.forwardStep(c, l);
    c.end(b)
        .end(); // time
  }

  /**
   * Backward through time of one sub-layer: da of every step, gW_hh (and the cell's own
   * recurrent gradients). The output gradient arrives per step ({@code perStep}, a sequence) or at
   * the last step processed ({@code last}, a final state); the other is null.
   */
  static void backward(LayerCode c, RecurrentCell cell, RecurrentLayer l, Slice perStep, Slice last) {
    int steps = l.steps();
    int h = l.units();
    if (last == null) {
      c.add("// dh[batch, $L]: the state gradient carried to the previous step; $L is added per step\n",
              h, perStep.array())
          .zero("dh", 0, LayerCode.batchTimes(h));
    } else {
      c.add("// dh[batch, $L]: the state gradient carried to the previous step, starting from $L\n", h, last.array());
      if (last.stride() == h) {
        c.copy(last.array(), 0, "dh", 0, LayerCode.batchTimes(h));
      } else {
        c.loop("b", "batch", b -> c.copy(last.array(), b.times(last.stride()).plus(last.column()), "dh", b.times(h), h));
      }
    }
    cell.startBackward(c, l);
    c.add("// backpropagation through time: steps in reverse processing order\n")
        .begin("for (int s = $L; s >= 0; s--)", steps - 1);
    timeIndex(c, l);
    c.add("// gradient of the gate pre-activations, elementwise into rows t of da[batch * $L, $L]\n",
        steps, l.gateStride());
    Loop b = c.beginLoop("b", "batch");
    rowIndex(c, l, b.index(), true, true);
    cell.backwardOffsets(c, l);
    Loop k = c.beginLoop("k", h);
    Index dh = RecurrentCell.D.plus(k.index());
    if (perStep != null) {
      Index row = perStep.stride() == l.stateStride() && perStep.column() == l.stateColumn()
          ? RecurrentCell.HT : Index.var("row").times(perStep.stride()).plus(perStep.column());
      c.statement("float dhk = dh[$L] + $L[$L]", dh, perStep.array(), row.plus(k.index()));
    } else {
      c.statement("float dhk = dh[$L]", dh);
    }
    cell.backwardStep(c, l, k.index());
    c.end(k).end(b);
    RecurrentCell.StateGradient src = cell.stateGradient(c, l);
    if (!l.initialState()) {
      c.add("// recurrent weights and the state gradient carried to the previous step (none before step 0)\n")
          .begin("if (s > 0)");
      previousIndex(c, l);
      recurrentWeights(c, l, src, RecurrentCell.previousRows(l));
      carry(c, l, src);
      c.end()
          .end(); // time
      if (l.initialCell()) {
        initialGradient(c, l, "c0", "dc", "cell");
      }
      return;
    }
    c.add("// recurrent weights, h' being the initial state h0 at step 0, and the state gradient carried\n")
        .add("// to the previous step (to h0 after step 0)\n")
        .begin("if (s > 0)");
    previousIndex(c, l);
    recurrentWeights(c, l, src, RecurrentCell.previousRows(l));
    c.nextControlFlow("else");
    recurrentWeights(c, l, src, RecurrentCell.initialRows(l));
    c.end();
    carry(c, l, src);
    c.end(); // time
    initialGradient(c, l, "h0", "dh", "state");
    if (l.initialCell()) {
      initialGradient(c, l, "c0", "dc", "cell");
    }
  }

  /**
   * The gradient of the initial state {@code input} (h0, c0), this sub-layer's columns: what is
   * left of the carried gradient {@code carried} (dh, dc) after step 0.
   */
  private static void initialGradient(LayerCode c, RecurrentLayer l, String input, String carried, String what) {
    int h = l.units();
    int k = c.inputIndex(input);
    c.add("// the initial $L's gradient: the $L gradient left after step 0\n", what, what)
        .beginInputGrad(k)
        .loop("b", "batch", b -> c.loop("j", h, j -> c.statement("g$L[$L] $L $L[$L]", input,
            b.times(l.stateStride()).plus(l.stateColumn()).plus(j), c.gxAssign(k), carried, b.times(h).plus(j))))
        .endInputGrad(k);
  }

  /** {@code gW_hh += h'ᵀ · src} over the batch, h' being {@code previous}. */
  private static void recurrentWeights(LayerCode c, RecurrentLayer l, RecurrentCell.StateGradient src,
      Rows previous) {
    int gh = l.gh();
    String hp = previous.array().equals("h0") ? "h0" : "h'";
    c.add("// gW_hh[$L, $L] += $Lᵀ · $L, summed over the batch$L\n", l.units(), gh, hp, src.array(),
            hp.equals("h'") ? " (h' = rows tp of hs)" : "")
        .gemm(GemmCall.tn(l.units(), gh, "batch")
            .a(previous.array(), previous.offset(), previous.ld())
            .b(src.array(), src.offset(), src.ld())
            .c("g", l.param(c, "weight_hh"), gh)
            .accumulate(true));
  }

  /** The state gradient carried to the previous step: {@code dh (+)= src · W_hhᵀ}. */
  private static void carry(LayerCode c, RecurrentLayer l, RecurrentCell.StateGradient src) {
    int h = l.units();
    int gh = l.gh();
    c.add("// dh[batch, $L] $L $L · W_hhᵀ\n", h, src.addsToDh() ? "+=" : "=", src.array())
        .gemm(GemmCall.nt("batch", h, gh)
            .a(src.array(), src.offset(), src.ld())
            .b("p", l.param(c, "weight_hh"), gh)
            .c("dh", 0, h)
            .accumulate(src.addsToDh()));
  }

  /**
   * After the time loop, every example and step at once: the input bias as column sums of da and
   * {@code gW_ih += xᵀ · da}.
   */
  static void inputSide(LayerCode c, RecurrentCell cell, RecurrentLayer l, Rows x) {
    int steps = l.steps();
    int gh = l.gh();
    Index bias = Index.var(cell.inputBias(c, l));
    c.add("// after the time loop, every example and step at once: da[batch * $L, $L]\n", steps, gh)
        .add("// bias: da summed over all rows\n")
        .loop("r", LayerCode.batchTimes(steps), r -> c.loop("j", gh, j ->
            c.statement("g[$L] += da[$L]", bias.plus(j), r.times(l.gateStride()).plus(l.gateColumn()).plus(j))))
        .add("// gW_ih[$L, $L] += $Lᵀ · da\n", l.features(), gh, x.array())
        .gemm(GemmCall.tn(l.features(), gh, LayerCode.batchTimes(steps))
            .a(x.array(), x.offset(), x.ld())
            .b("da", l.gateColumn(), l.gateStride())
            .c("g", l.param(c, "weight_ih"), gh)
            .accumulate(true));
  }

  /** The input gradient {@code gx[batch * T, F] (+)= da · W_ihᵀ} into rows {@code gx}. */
  static void inputGradient(LayerCode c, RecurrentLayer l, Rows gx, boolean accumulate) {
    c.add("// input gradient: $L[batch * $L, $L] $L da · W_ihᵀ\n", gx.array(), l.steps(), l.features(),
            accumulate ? "+=" : "=")
        .gemm(GemmCall.nt(LayerCode.batchTimes(l.steps()), l.features(), l.gh())
            .a("da", l.gateColumn(), l.gateStride())
            .b("p", l.param(c, "weight_ih"), l.gh())
            .c(gx.array(), gx.offset(), gx.ld())
            .accumulate(accumulate));
  }
}
