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
 * true} processes steps T-1 down to 0. The initial state (and LSTM cell) is zero, or another
 * value's ({@code initial_state: v}, lstm's {@code initial_cell: c}: the layer's inputs {@code
 * h0}, {@code c0}, see {@link #valueArgs()}). {@code
 * bidirectional: true} adds a second direction reading the sequence reversed, merged with the
 * first by concatenation ({@code merge: concat}, the default) or sum ({@code merge: add}); {@code
 * layers: N} stacks N layers, each reading the full sequence of the one below (PyTorch's {@code
 * bidirectional} and {@code num_layers}). {@link RecurrentStack} lays the sub-layers out.
 *
 * <p>This class holds what the three share: the argument schema, the shapes, the two weight
 * matrices, the stacking of layers and directions; {@link RecurrentSteps} writes the time loop of
 * one direction of one layer. A {@link RecurrentCell} ({@link RnnCell}, {@link LstmCell}, {@link
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


  /** The argument naming the state before the first step (PyTorch's h_0), the layer's input {@code h0}. */
  static final String INITIAL_STATE = "initial_state";

  /** The argument naming the LSTM cell before the first step (PyTorch's c_0), the layer's input {@code c0}. */
  static final String INITIAL_CELL = "initial_cell";

  private final Kind kind;

  public RecurrentOp(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind.dsl;
  }

  /**
   * Most stacked layers: every layer's and direction's loops are written out in the op's one
   * forward and one backward method, which must stay under HotSpot's 8,000-byte limit.
   */
  static final int MAX_LAYERS = 4;

  @Override
  public String doc() {
    String common = "sequences: false, reverse: false, bidirectional: false, merge: concat, layers: 1,"
        + " initial_state: none" + (kind == Kind.LSTM ? ", initial_cell: none)" : ")");
    return switch (kind) {
      case RNN -> "simple recurrent layer on [T, F]: rnn(units, activation: tanh, " + common;
      case LSTM -> "LSTM on [T, F]: lstm(units, " + common;
      case GRU -> "GRU on [T, F]: gru(units, " + common;
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
    a.add(ArgSpec.optional("bidirectional", ArgType.bool(), false,
        "add a second direction that reads the sequence reversed (as bidirectional(...) does)"));
    a.add(ArgSpec.optional("merge", ArgType.oneOf(List.of("concat", "add")), "concat",
        "how a bidirectional layer combines its two directions"));
    a.add(ArgSpec.optional("layers", ArgType.positiveInt(), 1L,
        "stacked layers, each reading the full sequence of the one below"));
    return a;
  }

  /** {@code initial_state} (h0), and for lstm {@code initial_cell} (c0); either is zero when not given. */
  @Override
  public List<ValueArg> valueArgs() {
    String shape = " before the first step, [units] for one layer and direction, else [layers * directions,"
        + " units] in PyTorch's h_0 order";
    ValueArg state = new ValueArg(INITIAL_STATE, "h0", "the layer's state" + shape);
    if (kind != Kind.LSTM) {
      return List.of(state);
    }
    return List.of(state, new ValueArg(INITIAL_CELL, "c0", "the layer's cell" + shape));
  }

  /** {@code [units]} for a single layer and direction, else {@code [layers * directions, units]}. */
  @Override
  public Shape valueArgShape(String arg, Shape input, Args args) {
    int units = args.intArg("units");
    int count = args.intArg("layers") * (args.boolArg("bidirectional") ? 2 : 1);
    return count == 1 ? Shape.of(units) : Shape.of(count, units);
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
    boolean bidirectional = args.boolArg("bidirectional");
    if (bidirectional && args.boolArg("reverse")) {
      diags.error(args.pos("reverse"), kind.dsl + ": reverse does not apply to a bidirectional layer, which"
          + " already reads the sequence both ways; remove reverse");
      return null;
    }
    if (!bidirectional && args.positions().containsKey("merge")) {
      diags.error(args.pos("merge"), kind.dsl + ": merge combines the two directions of a bidirectional"
          + " layer; add bidirectional: true (or write bidirectional(" + kind.dsl + "(...), merge: "
          + args.enumArg("merge") + ")), or remove merge");
      return null;
    }
    if (args.intArg("layers") > MAX_LAYERS) {
      diags.error(args.pos("layers"), kind.dsl + ": layers: " + args.intArg("layers") + " is more than the "
          + MAX_LAYERS + " one layer can stack (its code must fit one method); chain several "
          + kind.dsl + "(..., sequences: true) layers instead");
      return null;
    }
    RecurrentStack stack = RecurrentStack.of(input, args, kind.gates);
    int width = stack.outputWidth();
    return stack.sequences() ? Shape.of(stack.steps(), width) : Shape.of(width);
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
    if (args.intArg("layers") > 1) {
      s.append(", ").append(args.intArg("layers")).append(" layers");
    }
    if (args.boolArg("bidirectional")) {
      s.append(", bidirectional (").append(args.enumArg("merge")).append(')');
    }
    s.append(args.boolArg("sequences") ? ", all steps" : ", last step");
    if (args.boolArg("reverse")) {
      s.append(", reversed");
    }
    if (args.values().containsKey(INITIAL_STATE)) {
      s.append(", initial state ").append(args.value(INITIAL_STATE));
    }
    if (args.values().containsKey(INITIAL_CELL)) {
      s.append(", initial cell ").append(args.value(INITIAL_CELL));
    }
    return s.toString();
  }

  /** Per layer and direction, in that order: weight_ih, weight_hh and the cell's biases (PyTorch's order). */
  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    RecurrentStack stack = RecurrentStack.of(input, args, kind.gates);
    int h = stack.units();
    int gh = kind.gates * h;
    Init recurrent = args.enumArg("recurrent_init").equals("orthogonal") ? Init.ORTHOGONAL : Init.XAVIER_UNIFORM;
    List<ParamSpec> p = new ArrayList<>();
    for (RecurrentLayer l : stack.all()) {
      int f = l.features();
      p.add(new ParamSpec("weight_ih" + l.suffix(), Shape.of(f, gh), Init.XAVIER_UNIFORM, f, gh));
      p.add(new ParamSpec("weight_hh" + l.suffix(), Shape.of(h, gh), recurrent, h, gh));
      for (ParamSpec b : kind.cell(args).biases(f, h)) {
        p.add(new ParamSpec(b.role() + l.suffix(), b.shape(), b.init(), b.fanIn(), b.fanOut(), b.trainable()));
      }
    }
    return p;
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    RecurrentStack stack = RecurrentStack.of(input, args, kind.gates);
    long t = stack.steps();
    long h = stack.units();
    long gh = kind.gates * h;
    long total = 0;
    for (RecurrentLayer l : stack.all()) {
      total += t * (2L * l.features() * gh + 2 * h * gh + 8 * gh);
    }
    return total;
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    RecurrentStack stack = RecurrentStack.of(input, args, kind.gates);
    int t = stack.steps();
    int h = stack.units();
    int n = stack.count();
    String each = n == 1 ? "" : " of every layer and direction, side by side";
    RecurrentCell cell = kind.cell(args);
    List<ExtraBuffer> b = new ArrayList<>();
    b.add(new ExtraBuffer("hs", (long) t * n * h, "hidden state of every step" + each));
    // the cell's buffers are linear in the units: n sub-layers side by side
    b.addAll(cell.stateBuffers(t, n * h));
    b.add(new ExtraBuffer("dh", h, "backward scratch: gradient of the state"));
    b.add(new ExtraBuffer("da", (long) t * n * kind.gates * h,
        "backward scratch: gradient of the gate pre-activations of every step" + each));
    b.addAll(cell.scratchBuffers(h));
    if (stack.layers() > 1) {
      b.add(new ExtraBuffer("dhs", (long) t * n * h,
          "backward scratch: gradient of the states of every layer below the top, laid out as hs"));
    }
    return b;
  }

  /** The rows a layer reads: the op's input for layer 0, the states of the layer below otherwise. */
  private static RecurrentSteps.Rows input(RecurrentStack stack, int layer) {
    if (layer == 0) {
      return new RecurrentSteps.Rows("x", 0, stack.features());
    }
    return new RecurrentSteps.Rows("hs", stack.layer(layer - 1, 0).stateColumn(), stack.count() * stack.units());
  }

  private static void label(LayerCode c, RecurrentStack stack, RecurrentLayer l) {
    String label = stack.label(l);
    if (!label.isEmpty()) {
      c.add("\n// ---- $L$L\n", label, l.index() % stack.directions() == 1 ? ": the sequence reversed" : "");
    }
  }

  @Override
  public void emitForward(LayerCode c) {
    RecurrentStack stack = RecurrentStack.of(c.inShape(), c.args(), kind.gates);
    RecurrentCell cell = kind.cell(c.args());
    c.add("// row b * $L + t of every workspace buffer is example b at step t\n", stack.steps());
    for (RecurrentLayer l : stack.all()) {
      label(c, stack, l);
      RecurrentSteps.forward(c, cell, l, input(stack, l.index() / stack.directions()));
    }
    RecurrentOutput.forward(c, stack);
  }

  @Override
  public void emitBackward(LayerCode c) {
    RecurrentStack stack = RecurrentStack.of(c.inShape(), c.args(), kind.gates);
    RecurrentCell cell = kind.cell(c.args());
    int top = stack.layers() - 1;
    for (int layer = top; layer >= 0; layer--) {
      for (int d = 0; d < stack.directions(); d++) {
        RecurrentLayer l = stack.layer(layer, d);
        label(c, stack, l);
        RecurrentSteps.Slice gy = layer < top ? new RecurrentSteps.Slice("dhs", l.stateStride(), l.stateColumn())
            : new RecurrentSteps.Slice("gy", stack.outputWidth(), stack.outputColumn(d));
        boolean perStep = layer < top || stack.sequences();
        RecurrentSteps.backward(c, cell, l, perStep ? gy : null, perStep ? null : gy);
        RecurrentSteps.Rows x = input(stack, layer);
        RecurrentSteps.inputSide(c, cell, l, x);
        if (layer > 0) {
          // the layer below's state gradient: both directions add into it
          RecurrentSteps.inputGradient(c, l, new RecurrentSteps.Rows("dhs", x.offset(), x.ld()), d > 0);
        } else {
          c.beginInputGrad();
          RecurrentSteps.inputGradient(c, l, new RecurrentSteps.Rows("gx", 0, stack.features()),
              c.accumulate() || d > 0);
          c.endInputGrad();
        }
      }
    }
  }
}
