package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import dev.netc.runtime.kernels.Elementwise;
import dev.netc.runtime.kernels.Gemm;
import java.util.ArrayList;
import java.util.List;

/**
 * Recurrent layers on {@code [T, F]} inputs (T fixed time steps of F features): {@code rnn},
 * {@code lstm} and {@code gru}, with backpropagation through time generated as code. Output
 * {@code [T, units]} with {@code sequences: true} (the state after every step, indexed by input
 * time step), else {@code [units]} (the state after the last step processed). {@code reverse:
 * true} processes steps T-1 down to 0. The initial state (and LSTM cell) is zero.
 *
 * <p>This class holds what the three share: the argument schema, the shapes, the two weight
 * matrices and the time loop. A {@link RecurrentCell} ({@link RnnCell}, {@link LstmCell}, {@link
 * GruCell}) adds its biases, its workspace and, side by side, its forward and backward step.
 *
 * <p><b>Weights</b> follow PyTorch's gate order, stored transposed (input-major, as {@code dense}
 * stores {@code [in, out]}), so that every product is a row-major {@link Gemm} call with the G
 * gates side by side along the columns: {@code weight_ih [F, G*H]} = PyTorch {@code
 * weight_ih_l0.T}, Xavier uniform; {@code weight_hh [H, G*H]} = PyTorch {@code weight_hh_l0.T},
 * orthogonal by default (one orthogonal H x H block per gate), {@code recurrent_init:
 * xavier_uniform} for Xavier.
 *
 * <p><b>Workspace</b>, laid out {@code [batch, T, ·]} so that row {@code b * T + t} is example b at
 * step t: {@code hs [T, H]} states, the cell's own state buffers (gates, cells), backward {@code da
 * [T, G*H]} the gate pre-activation gradients of every step and the state gradient {@code dh [H]}
 * carried from step to step, plus the cell's scratch.
 *
 * <p><b>Generated code.</b> Everything that does not depend on the previous step runs once over
 * all {@code batch * T} rows; the recurrence runs one step at a time over the whole batch, reading
 * rows t of every example as a strided matrix (offset {@code t * X}, leading dimension {@code T *
 * X}):
 * <ul>
 *   <li>forward: the cell's starting values (the bias) in every row, then {@code gates[batch*T,
 *       G*H] += X · W_ih} (one product); per step {@code gates_t += h'[batch, H] · W_hh}, then per
 *       example the cell's step: gate activations in place over the row ({@link Elementwise}: SIMD
 *       sigmoid / tanh) and the state update.
 *   <li>backward (BPTT): per step in reverse processing order, the cell's backward step per example
 *       and unit into rows t of da, {@code gW_hh += h'ᵀ · da_t} and {@code dh = da_t · W_hhᵀ}; after
 *       the loop {@code gW_ih += Xᵀ · da}, {@code gx = da · W_ihᵀ} (one product each) and the bias
 *       as column sums of da.
 * </ul>
 * The initial state (and cell) is zero: step 0 skips the recurrent products. Both passes are loops
 * over time with every size a literal (no unrolling), so the generated methods stay at a few
 * hundred bytes of bytecode whatever T and H are.
 */
public final class RecurrentOp implements Op {

  /** Which cell. */
  public enum Kind {
    RNN("rnn", 1), LSTM("lstm", 4), GRU("gru", 3);

    final String dsl;
    final int gates;

    Kind(String dsl, int gates) {
      this.dsl = dsl;
      this.gates = gates;
    }

    RecurrentCell cell(Args args) {
      return switch (this) {
        case RNN -> new RnnCell(args.enumArg("activation").equals("relu"));
        case LSTM -> LstmCell.INSTANCE;
        case GRU -> GruCell.INSTANCE;
      };
    }
  }


  private final Kind kind;

  public RecurrentOp(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind.dsl;
  }

  @Override
  public String doc() {
    return switch (kind) {
      case RNN -> "simple recurrent layer on [T, F]: rnn(units, activation: tanh, sequences: false, reverse: false)";
      case LSTM -> "LSTM on [T, F]: lstm(units, sequences: false, reverse: false)";
      case GRU -> "GRU on [T, F]: gru(units, sequences: false, reverse: false)";
    };
  }

  @Override
  public List<ArgSpec> args() {
    List<ArgSpec> a = new ArrayList<>();
    a.add(ArgSpec.required("units", ArgType.positiveInt(), "size of the hidden state"));
    if (kind == Kind.RNN) {
      a.add(ArgSpec.optional("activation", ArgType.oneOf(List.of("tanh", "relu")), "tanh", "state activation"));
    }
    a.add(ArgSpec.optional("sequences", ArgType.bool(), false,
        "return the state of every step [T, units] instead of the last one [units]"));
    a.add(ArgSpec.optional("reverse", ArgType.bool(), false, "process the steps from last to first"));
    a.add(ArgSpec.optional("recurrent_init", ArgType.oneOf(List.of("orthogonal", "xavier_uniform")),
        "orthogonal", "initializer of the recurrent weights"));
    return a;
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    if (input.rank() != 2) {
      diags.error(args.callPos(), kind.dsl + ": expected input [T, F] (time steps, features), got "
          + input.describe() + (input.rank() == 1
              ? "; token ids need embedding first, one feature per step needs reshape([" + input.dim(0) + ", 1])"
              : "; reshape to [T, F]"));
      return null;
    }
    int units = args.intArg("units");
    return args.boolArg("sequences") ? Shape.of(input.dim(0), units) : Shape.of(units);
  }

  /** The gates' products per step are laid out for Gemm; not planned per layer yet. */
  @Override
  public String fixedKernelReason() {
    return "per-step gates";
  }

  @Override
  public String describe(Args args) {
    StringBuilder s = new StringBuilder(kind.dsl);
    if (kind == Kind.RNN) {
      s.append(' ').append(args.enumArg("activation"));
    }
    s.append(args.boolArg("sequences") ? ", all steps" : ", last step");
    if (args.boolArg("reverse")) {
      s.append(", reversed");
    }
    return s.toString();
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    int f = input.dim(1);
    int h = args.intArg("units");
    int gh = kind.gates * h;
    Init recurrent = args.enumArg("recurrent_init").equals("orthogonal") ? Init.ORTHOGONAL : Init.XAVIER_UNIFORM;
    List<ParamSpec> p = new ArrayList<>();
    p.add(new ParamSpec("weight_ih", Shape.of(f, gh), Init.XAVIER_UNIFORM, f, gh));
    p.add(new ParamSpec("weight_hh", Shape.of(h, gh), recurrent, h, gh));
    p.addAll(kind.cell(args).biases(f, h));
    return p;
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    long t = input.dim(0);
    long f = input.dim(1);
    long h = args.intArg("units");
    long gh = kind.gates * h;
    return t * (2 * f * gh + 2 * h * gh + 8 * gh);
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    int t = input.dim(0);
    int h = args.intArg("units");
    RecurrentCell cell = kind.cell(args);
    List<ExtraBuffer> b = new ArrayList<>();
    b.add(new ExtraBuffer("hs", (long) t * h, "hidden state of every step"));
    b.addAll(cell.stateBuffers(t, h));
    b.add(new ExtraBuffer("dh", h, "backward scratch: gradient of the state"));
    b.add(new ExtraBuffer("da", (long) t * kind.gates * h,
        "backward scratch: gradient of the gate pre-activations of every step"));
    b.addAll(cell.scratchBuffers(h));
    return b;
  }

  private RecurrentLayer layer(LayerCode c) {
    Args args = c.args();
    return new RecurrentLayer(c.inShape().dim(0), c.inShape().dim(1), args.intArg("units"), kind.gates,
        args.boolArg("reverse"), args.boolArg("sequences"));
  }

  /** {@code int t}: the input step that processing step {@code s} reads. */
  private static void timeIndex(LayerCode c, RecurrentLayer l) {
    c.statement("int t = $L", l.reverse() ? Index.of(l.steps() - 1).minus("s") : Index.var("s"));
  }

  /** {@code int tp}: the step of the previous state h' (only meaningful when {@code s > 0}). */
  private static void previousIndex(LayerCode c, RecurrentLayer l) {
    c.statement(l.reverse() ? "int tp = t + 1" : "int tp = t - 1");
  }

  /**
   * Row offsets of example {@code b} at step {@code t}: {@code ht} in hs / cs / tc / hn ({@code
   * [batch * T, H]}), {@code hp} the previous state's row (gated cells; read only when {@code s >
   * 0}), {@code a} in gates / da ({@code [batch * T, G*H]}), {@code d} in dh / dc ({@code [batch,
   * H]}).
   */
  private static void rowIndex(LayerCode c, RecurrentLayer l, Index b, boolean gated, boolean backward) {
    int h = l.units();
    c.statement("int row = $L", b.times(l.steps()).plus("t"))
        .statement("int ht = $L", Index.var("row").times(h));
    if (gated) {
      c.statement("int hp = $L", l.reverse() ? RecurrentCell.HT.plus(h) : RecurrentCell.HT.minus(h));
    }
    if (gated || backward) {
      c.statement("int a = $L", Index.var("row").times(l.gh()));
    }
    if (backward) {
      c.statement("int d = $L", b.times(h));
    }
  }

  @Override
  public void emitForward(LayerCode c) {
    RecurrentLayer l = layer(c);
    RecurrentCell cell = kind.cell(c.args());
    int steps = l.steps();
    int f = l.features();
    int h = l.units();
    int gh = l.gh();
    String acc = cell.accumulator();
    c.add("// row b * $L + t of every workspace buffer is example b at step t\n", steps);
    cell.startingValues(c, l);
    c.add("// input contribution of every example and step at once:\n")
        .add("// $L[batch * $L, $L] += x[batch * $L, $L] · W_ih[$L, $L]\n", acc, steps, gh, steps, f, f, gh)
        .gemm(GemmCall.nn(LayerCode.batchTimes(steps), gh, f)
            .a("x", 0, f)
            .b("p", c.param("weight_ih"), gh)
            .c(acc, 0, gh)
            .accumulate(true));
    c.begin("for (int s = 0; s < $L; s++)", steps);
    timeIndex(c, l);
    c.add("// recurrent contribution over the batch (the initial state is zero): rows t += h'[batch, $L] · W_hh,\n", h)
        .add("// h' being rows tp of hs (leading dimension $L)\n", steps * h)
        .begin("if (s > 0)");
    previousIndex(c, l);
    cell.recurrentProduct(c, l);
    c.end()
        .add("// cell update per example: activations in place over the row (SIMD), then the state\n");
    Loop b = c.beginLoop("b", "batch");
    rowIndex(c, l, b.index(), cell.gated(), false);
    cell.forwardStep(c, l);
    c.end(b)
        .end(); // time
    if (l.sequences()) {
      c.add("// y[batch, $L, $L]: every state, same layout as hs\n", steps, h)
          .copy("hs", 0, "y", 0, LayerCode.batchTimes(steps * h));
    } else {
      c.add("// y[batch, $L]: the state after the last step processed\n", h)
          .loop("b", "batch", example -> c
              .statement("int row = $L", example.times(steps).plus(l.reverse() ? 0 : steps - 1))
              .copy("hs", Index.var("row").times(h), "y", example.times(h), h));
    }
  }

  @Override
  public void emitBackward(LayerCode c) {
    RecurrentLayer l = layer(c);
    RecurrentCell cell = kind.cell(c.args());
    int steps = l.steps();
    int f = l.features();
    int h = l.units();
    int gh = l.gh();
    String wih = c.param("weight_ih");
    String whh = c.param("weight_hh");
    if (l.sequences()) {
      c.add("// dh[batch, $L]: the state gradient carried to the previous step; gy is added per step\n", h)
          .zero("dh", 0, LayerCode.batchTimes(h));
    } else {
      c.add("// dh[batch, $L]: the state gradient carried to the previous step, starting from gy\n", h)
          .copy("gy", 0, "dh", 0, LayerCode.batchTimes(h));
    }
    cell.startBackward(c, l);
    c.add("// backpropagation through time: steps in reverse processing order\n")
        .begin("for (int s = $L; s >= 0; s--)", steps - 1);
    timeIndex(c, l);
    c.add("// gradient of the gate pre-activations, elementwise into rows t of da[batch * $L, $L]\n", steps, gh);
    Loop b = c.beginLoop("b", "batch");
    rowIndex(c, l, b.index(), true, true);
    cell.backwardOffsets(c, l);
    Loop k = c.beginLoop("k", h);
    Index dh = RecurrentCell.D.plus(k.index());
    if (l.sequences()) {
      c.statement("float dhk = dh[$L] + gy[$L]", dh, RecurrentCell.HT.plus(k.index()));
    } else {
      c.statement("float dhk = dh[$L]", dh);
    }
    cell.backwardStep(c, l, k.index());
    c.end(k).end(b);
    RecurrentCell.StateGradient src = cell.stateGradient(c, l);
    c.add("// recurrent weights and the state gradient carried to the previous step (none before step 0)\n")
        .begin("if (s > 0)");
    previousIndex(c, l);
    c.add("// gW_hh[$L, $L] += h'ᵀ · $L, summed over the batch (h' = rows tp of hs)\n", h, gh, src.array())
        .gemm(GemmCall.tn(h, gh, "batch")
            .a("hs", Index.var("tp").times(h), steps * h)
            .b(src.array(), src.offset(), src.ld())
            .c("g", whh, gh)
            .accumulate(true))
        .add("// dh[batch, $L] $L $L · W_hhᵀ\n", h, src.addsToDh() ? "+=" : "=", src.array())
        .gemm(GemmCall.nt("batch", h, gh)
            .a(src.array(), src.offset(), src.ld())
            .b("p", whh, gh)
            .c("dh", 0, h)
            .accumulate(src.addsToDh()))
        .end()
        .end(); // time
    Index bias = Index.var(cell.inputBias(c));
    c.add("// after the time loop, every example and step at once: da[batch * $L, $L]\n", steps, gh)
        .add("// bias: da summed over all rows\n")
        .loop("r", LayerCode.batchTimes(steps), r -> c.loop("j", gh, j ->
            c.statement("g[$L] += da[$L]", bias.plus(j), r.times(gh).plus(j))))
        .add("// gW_ih[$L, $L] += xᵀ · da\n", f, gh)
        .gemm(GemmCall.tn(f, gh, LayerCode.batchTimes(steps))
            .a("x", 0, f)
            .b("da", 0, gh)
            .c("g", wih, gh)
            .accumulate(true));
    c.beginInputGrad()
        .add("// input gradient: gx[batch * $L, $L] $L da · W_ihᵀ\n", steps, f, c.gxAssign())
        .gemm(GemmCall.nt(LayerCode.batchTimes(steps), f, gh)
            .a("da", 0, gh)
            .b("p", wih, gh)
            .c("gx", 0, f)
            .accumulate(c.accumulate()))
        .endInputGrad();
  }
}
