package dev.netc.codegen.ops;

import com.squareup.javapoet.ClassName;
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
 * <p><b>Gate layout</b> follows PyTorch's gate order, with matrices stored transposed (input-major,
 * {@code [in, G*H]}, as {@code dense} stores {@code [in, out]}), so that every product below is a
 * row-major {@link Gemm} call with the gates side by side along the columns:
 * <ul>
 *   <li>{@code weight_ih [F, G*H]} = PyTorch {@code weight_ih_l0.T}; Xavier uniform (fan F, G*H).
 *   <li>{@code weight_hh [H, G*H]} = PyTorch {@code weight_hh_l0.T}; orthogonal by default (one
 *       orthogonal H x H block per gate), {@code recurrent_init: xavier_uniform} for Xavier.
 *   <li>rnn (G = 1): {@code h = act(x W_ih + h' W_hh + bias)}, act tanh or relu; {@code bias [H]}
 *       = PyTorch {@code b_ih + b_hh}.
 *   <li>lstm (G = 4, order i, f, g, o): {@code i = s(.), f = s(.), g = tanh(.), o = s(.), c = f c' +
 *       i g, h = o tanh(c)}. Biases {@code bias_i, bias_f, bias_g, bias_o [H]} are consecutive in
 *       the parameter buffer, i.e. one {@code [4H]} vector = PyTorch {@code b_ih + b_hh};
 *       {@code bias_f} starts at 1.0 (Jozefowicz et al. 2015), the others at 0.
 *   <li>gru (G = 3, order r, z, n), PyTorch's equations: {@code r = s(x W_ir + b_ir + h' W_hr +
 *       b_hr)}, {@code z = s(x W_iz + b_iz + h' W_hz + b_hz)}, {@code n = tanh(x W_in + b_in + r
 *       (h' W_hn + b_hn))}, {@code h = (1 - z) n + z h'}; {@code bias_ih [3H]}, {@code bias_hh
 *       [3H]} as PyTorch's {@code b_ih}, {@code b_hh}, both starting at 0.
 * </ul>
 *
 * <p><b>Workspace</b>, laid out {@code [batch, T, ·]} so that row {@code b * T + t} is example b at
 * step t: {@code hs [T, H]} states, {@code gates [T, G*H]} gate pre-activations, activated in place
 * (rnn: none, its pre-activation goes straight into hs), lstm {@code cs [T, H]} cells and {@code tc
 * [T, H]} their tanh, gru {@code hn [T, H]} = {@code h' W_hn + b_hn}; backward {@code da [T, G*H]}
 * the gate pre-activation gradients of every step, the state gradient {@code dh [H]} carried from
 * step to step (lstm also {@code dc [H]}), and gru's per-step {@code dgh [3H]}, the gradient of
 * {@code h' W_hh + b_hh}.
 *
 * <p><b>Generated code.</b> Everything that does not depend on the previous step runs once over
 * all {@code batch * T} rows; the recurrence runs one step at a time over the whole batch, reading
 * rows t of every example as a strided matrix (offset {@code t * X}, leading dimension {@code T *
 * X}):
 * <ul>
 *   <li>forward: the bias as every row's starting value, then {@code gates[batch*T, G*H] += X ·
 *       W_ih} (one product); per step {@code gates_t += h'[batch, H] · W_hh} (gru: r, z columns
 *       into gates, n columns into hn), then per example the gate activations in place over the row
 *       ({@link Elementwise}: SIMD sigmoid / tanh) and the state update.
 *   <li>backward (BPTT): per step in reverse processing order, the gate gradients of every example
 *       into rows t of da (elementwise), {@code gW_hh += h'ᵀ · da_t} and {@code dh = da_t · W_hhᵀ}
 *       (gru: {@code dgh} instead of da_t, plus the direct path {@code z dh}, and {@code b_hh} as
 *       its column sums); after the loop {@code gW_ih += Xᵀ · da}, {@code gx = da · W_ihᵀ} (one
 *       product each) and the bias as column sums of da.
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
  }

  static final ClassName ACTIVATIONS = ClassName.get("dev.netc.runtime", "Activations");
  static final ClassName GEMM = ClassName.get(Gemm.class);
  static final ClassName ELEMENTWISE = ClassName.get(Elementwise.class);

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
    switch (kind) {
      case RNN -> p.add(new ParamSpec("bias", Shape.of(h), Init.ZEROS, f, h));
      case LSTM -> {
        p.add(new ParamSpec("bias_i", Shape.of(h), Init.ZEROS, f, h));
        p.add(new ParamSpec("bias_f", Shape.of(h), Init.ONES, f, h));
        p.add(new ParamSpec("bias_g", Shape.of(h), Init.ZEROS, f, h));
        p.add(new ParamSpec("bias_o", Shape.of(h), Init.ZEROS, f, h));
      }
      case GRU -> {
        p.add(new ParamSpec("bias_ih", Shape.of(gh), Init.ZEROS, f, gh));
        p.add(new ParamSpec("bias_hh", Shape.of(gh), Init.ZEROS, h, gh));
      }
    }
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
    int gh = kind.gates * h;
    List<ExtraBuffer> b = new ArrayList<>();
    b.add(new ExtraBuffer("hs", (long) t * h, "hidden state of every step"));
    if (kind != Kind.RNN) {
      b.add(new ExtraBuffer("gates", (long) t * gh, "activated gates of every step"));
    }
    if (kind == Kind.LSTM) {
      b.add(new ExtraBuffer("cs", (long) t * h, "cell state of every step"));
      b.add(new ExtraBuffer("tc", (long) t * h, "tanh of the cell state of every step"));
    }
    if (kind == Kind.GRU) {
      b.add(new ExtraBuffer("hn", (long) t * h, "h' W_hn + b_hn of every step"));
    }
    b.add(new ExtraBuffer("dh", h, "backward scratch: gradient of the state"));
    b.add(new ExtraBuffer("da", (long) t * gh, "backward scratch: gradient of the gate pre-activations of every step"));
    if (kind == Kind.LSTM) {
      b.add(new ExtraBuffer("dc", h, "backward scratch: gradient of the cell"));
    }
    if (kind == Kind.GRU) {
      b.add(new ExtraBuffer("dgh", gh, "backward scratch: gradient of h' W_hh + b_hh of one step"));
    }
    return b;
  }

  private String biasParam(LayerCode c) {
    return switch (kind) {
      case RNN -> c.param("bias");
      case LSTM -> c.param("bias_i");
      case GRU -> c.param("bias_ih");
    };
  }

  /** {@code int t}: the input step that processing step {@code s} reads. */
  private static void timeIndex(LayerCode c, int steps, boolean reverse) {
    c.statement(reverse ? "int t = $L - s" : "int t = s", steps - 1);
  }

  /** {@code int tp}: the step of the previous state h' (only meaningful when {@code s > 0}). */
  private static void previousIndex(LayerCode c, boolean reverse) {
    c.statement(reverse ? "int tp = t + 1" : "int tp = t - 1");
  }

  /**
   * Row offsets of example {@code b} at step {@code t}: {@code ht} in hs / cs / tc / hn ({@code
   * [batch * T, H]}), {@code hp} the previous state's row (lstm, gru; read only when {@code s > 0}),
   * {@code a} in gates / da ({@code [batch * T, G*H]}), {@code d} in dh / dc ({@code [batch, H]}).
   */
  private void rowIndex(LayerCode c, int steps, int h, int gh, boolean reverse, boolean backward) {
    c.statement("int row = b * $L + t", steps)
        .statement("int ht = row * $L", h);
    if (kind != Kind.RNN) {
      c.statement(reverse ? "int hp = ht + $L" : "int hp = ht - $L", h);
    }
    if (kind != Kind.RNN || backward) {
      c.statement("int a = row * $L", gh);
    }
    if (backward) {
      c.statement("int d = b * $L", h);
    }
  }

  @Override
  public void emitForward(LayerCode c) {
    Args args = c.args();
    Shape in = c.inShape();
    int steps = in.dim(0);
    int f = in.dim(1);
    int h = args.intArg("units");
    int gh = kind.gates * h;
    boolean reverse = args.boolArg("reverse");
    String wih = c.param("weight_ih");
    String whh = c.param("weight_hh");
    // rnn accumulates its pre-activation straight into the state buffer
    String acc = kind == Kind.RNN ? "hs" : "gates";
    String a = kind == Kind.RNN ? "ht" : "a";
    c.add("// row b * $L + t of every workspace buffer is example b at step t\n", steps);
    if (kind == Kind.GRU) {
      c.add("// starting values: b_ih + b_hh for r and z, b_in for n; hn[batch * $L, $L] = b_hn\n", steps, h)
          .begin("for (int r = 0; r < batch * $L; r++)", steps)
          .statement("System.arraycopy(p, $L, gates, r * $L, $L)", biasParam(c), gh, gh)
          .begin("for (int j = 0; j < $L; j++)", 2 * h)
          .statement("gates[r * $L + j] += p[$L + j]", gh, c.param("bias_hh"))
          .end()
          .statement("System.arraycopy(p, $L + $L, hn, r * $L, $L)", c.param("bias_hh"), 2 * h, h, h)
          .end();
    } else {
      c.add("// starting values: the bias in every row\n")
          .begin("for (int r = 0; r < batch * $L; r++)", steps)
          .statement("System.arraycopy(p, $L, $L, r * $L, $L)", biasParam(c), acc, gh, gh)
          .end();
    }
    c.add("// input contribution of every example and step at once:\n")
        .add("// $L[batch * $L, $L] += x[batch * $L, $L] · W_ih[$L, $L]\n", acc, steps, gh, steps, f, f, gh)
        .statement("$T.nn(batch * $L, $L, $L, x, 0, $L, p, $L, $L, $L, 0, $L, true)",
            GEMM, steps, gh, f, f, wih, gh, acc, gh);
    c.begin("for (int s = 0; s < $L; s++)", steps);
    timeIndex(c, steps, reverse);
    c.add("// recurrent contribution over the batch (the initial state is zero): rows t += h'[batch, $L] · W_hh,\n", h)
        .add("// h' being rows tp of hs (leading dimension $L)\n", steps * h)
        .begin("if (s > 0)");
    previousIndex(c, reverse);
    if (kind == Kind.GRU) {
      c.add("// r, z: gates[batch, $L] += h' · W_hh[:, 0:$L]; n: hn[batch, $L] += h' · W_hh[:, $L:$L]\n",
              2 * h, 2 * h, h, 2 * h, gh)
          .statement("$T.nn(batch, $L, $L, hs, tp * $L, $L, p, $L, $L, gates, t * $L, $L, true)",
              GEMM, 2 * h, h, h, steps * h, whh, gh, gh, steps * gh)
          .statement("$T.nn(batch, $L, $L, hs, tp * $L, $L, p, $L + $L, $L, hn, t * $L, $L, true)",
              GEMM, h, h, h, steps * h, whh, 2 * h, gh, h, steps * h);
    } else {
      c.add("// $L[batch, $L] += h' · W_hh[$L, $L]\n", acc, gh, h, gh)
          .statement("$T.nn(batch, $L, $L, hs, tp * $L, $L, p, $L, $L, $L, t * $L, $L, true)",
              GEMM, gh, h, h, steps * h, whh, gh, acc, gh, steps * gh);
    }
    c.end();
    c.add("// cell update per example: activations in place over the row (SIMD), then the state\n")
        .begin("for (int b = 0; b < batch; b++)");
    rowIndex(c, steps, h, gh, reverse, false);
    switch (kind) {
      case RNN -> {
        if (args.enumArg("activation").equals("relu")) {
          c.begin("for (int k = ht; k < ht + $L; k++)", h)
              .statement("hs[k] = Math.max(hs[k], 0f)")
              .end();
        } else {
          c.statement("$T.tanh(hs, ht, $L)", ELEMENTWISE, h);
        }
      }
      case LSTM -> c
          .add("// i, f = σ(·); g = tanh(·); o = σ(·)\n")
          .statement("$T.sigmoid(gates, a, $L)", ELEMENTWISE, 2 * h)
          .statement("$T.tanh(gates, a + $L, $L)", ELEMENTWISE, 2 * h, h)
          .statement("$T.sigmoid(gates, a + $L, $L)", ELEMENTWISE, 3 * h, h)
          .add("// c = f c' + i g (c' = 0 before the first step)\n")
          .begin("for (int k = 0; k < $L; k++)", h)
          .statement("float cell = gates[a + k] * gates[a + $L + k] + (s > 0 ? gates[a + $L + k] * cs[hp + k] : 0f)",
              2 * h, h)
          .statement("cs[ht + k] = cell")
          .statement("tc[ht + k] = cell")
          .end()
          .statement("$T.tanh(tc, ht, $L)", ELEMENTWISE, h)
          .add("// h = o tanh(c)\n")
          .begin("for (int k = 0; k < $L; k++)", h)
          .statement("hs[ht + k] = gates[a + $L + k] * tc[ht + k]", 3 * h)
          .end();
      case GRU -> c
          .add("// r, z = σ(·); n = tanh(x W_in + b_in + r hn)\n")
          .statement("$T.sigmoid(gates, a, $L)", ELEMENTWISE, 2 * h)
          .begin("for (int k = 0; k < $L; k++)", h)
          .statement("gates[a + $L + k] += gates[a + k] * hn[ht + k]", 2 * h)
          .end()
          .statement("$T.tanh(gates, a + $L, $L)", ELEMENTWISE, 2 * h, h)
          .add("// h = (1 - z) n + z h' (h' = 0 before the first step)\n")
          .begin("for (int k = 0; k < $L; k++)", h)
          .statement("float z = gates[a + $L + k]", h)
          .statement("float n = gates[a + $L + k]", 2 * h)
          .statement("hs[ht + k] = (1f - z) * n + (s > 0 ? z * hs[hp + k] : 0f)")
          .end();
    }
    c.end(); // batch
    c.end(); // time
    if (args.boolArg("sequences")) {
      c.add("// y[batch, $L, $L]: every state, same layout as hs\n", steps, h)
          .statement("System.arraycopy(hs, 0, y, 0, batch * $L)", steps * h);
    } else {
      c.add("// y[batch, $L]: the state after the last step processed\n", h)
          .begin("for (int b = 0; b < batch; b++)")
          .statement("System.arraycopy(hs, (b * $L + $L) * $L, y, b * $L, $L)",
              steps, reverse ? 0 : steps - 1, h, h, h)
          .end();
    }
  }

  @Override
  public void emitBackward(LayerCode c) {
    Args args = c.args();
    Shape in = c.inShape();
    int steps = in.dim(0);
    int f = in.dim(1);
    int h = args.intArg("units");
    int gh = kind.gates * h;
    boolean reverse = args.boolArg("reverse");
    boolean sequences = args.boolArg("sequences");
    String wih = c.param("weight_ih");
    String whh = c.param("weight_hh");
    if (sequences) {
      c.add("// dh[batch, $L]: the state gradient carried to the previous step; gy is added per step\n", h)
          .statement("java.util.Arrays.fill(dh, 0, batch * $L, 0f)", h);
    } else {
      c.add("// dh[batch, $L]: the state gradient carried to the previous step, starting from gy\n", h)
          .statement("System.arraycopy(gy, 0, dh, 0, batch * $L)", h);
    }
    if (kind == Kind.LSTM) {
      c.statement("java.util.Arrays.fill(dc, 0, batch * $L, 0f)", h);
    }
    c.add("// backpropagation through time: steps in reverse processing order\n")
        .begin("for (int s = $L; s >= 0; s--)", steps - 1);
    timeIndex(c, steps, reverse);
    c.add("// gradient of the gate pre-activations, elementwise into rows t of da[batch * $L, $L]\n", steps, gh)
        .begin("for (int b = 0; b < batch; b++)");
    rowIndex(c, steps, h, gh, reverse, true);
    if (kind == Kind.GRU) {
      c.statement("int e = b * $L", gh);
    }
    c.begin("for (int k = 0; k < $L; k++)", h)
        .statement(sequences ? "float dhk = dh[d + k] + gy[ht + k]" : "float dhk = dh[d + k]");
    switch (kind) {
      case RNN -> {
        if (args.enumArg("activation").equals("relu")) {
          c.statement("da[a + k] = dhk * $T.step(hs[ht + k])", ACTIVATIONS);
        } else {
          c.statement("da[a + k] = dhk * (1f - hs[ht + k] * hs[ht + k])");
        }
      }
      case LSTM -> c
          .statement("float ig = gates[a + k]")
          .statement("float fg = gates[a + $L + k]", h)
          .statement("float gg = gates[a + $L + k]", 2 * h)
          .statement("float og = gates[a + $L + k]", 3 * h)
          .statement("float th = tc[ht + k]")
          .statement("float dct = dc[d + k] + dhk * og * (1f - th * th)")
          .statement("float cp = s > 0 ? cs[hp + k] : 0f")
          .statement("da[a + k] = dct * gg * ig * (1f - ig)")
          .statement("da[a + $L + k] = dct * cp * fg * (1f - fg)", h)
          .statement("da[a + $L + k] = dct * ig * (1f - gg * gg)", 2 * h)
          .statement("da[a + $L + k] = dhk * th * og * (1f - og)", 3 * h)
          .statement("dc[d + k] = dct * fg");
      case GRU -> c
          .statement("float r = gates[a + k]")
          .statement("float z = gates[a + $L + k]", h)
          .statement("float n = gates[a + $L + k]", 2 * h)
          .statement("float hprev = s > 0 ? hs[hp + k] : 0f")
          .statement("float dan = dhk * (1f - z) * (1f - n * n)")
          .statement("float dar = dan * hn[ht + k] * r * (1f - r)")
          .statement("float daz = dhk * (hprev - n) * z * (1f - z)")
          .statement("da[a + k] = dar")
          .statement("da[a + $L + k] = daz", h)
          .statement("da[a + $L + k] = dan", 2 * h)
          .statement("dgh[e + k] = dar")
          .statement("dgh[e + $L + k] = daz", h)
          .statement("dgh[e + $L + k] = dan * r", 2 * h)
          .add("// the direct path h' -> h; the path through W_hh is added below\n")
          .statement("dh[d + k] = dhk * z");
    }
    c.end();
    c.end(); // batch
    // the gradient of h' W_hh (+ b_hh): rows t of da, or gru's per-step dgh
    String src;
    String srcOff;
    int srcLd;
    if (kind == Kind.GRU) {
      src = "dgh";
      srcOff = "0";
      srcLd = gh;
      c.add("// b_hh: dgh[batch, $L] summed over the batch\n", gh)
          .begin("for (int b = 0; b < batch; b++)")
          .begin("for (int j = 0; j < $L; j++)", gh)
          .statement("g[$L + j] += dgh[b * $L + j]", c.param("bias_hh"), gh)
          .end()
          .end();
    } else {
      src = "da";
      srcOff = "t * " + gh;
      srcLd = steps * gh;
    }
    c.add("// recurrent weights and the state gradient carried to the previous step (none before step 0)\n")
        .begin("if (s > 0)");
    previousIndex(c, reverse);
    c.add("// gW_hh[$L, $L] += h'ᵀ · $L, summed over the batch (h' = rows tp of hs)\n", h, gh, src)
        .statement("$T.tn($L, $L, batch, hs, tp * $L, $L, $L, $L, $L, g, $L, $L, true)",
            GEMM, h, gh, h, steps * h, src, srcOff, srcLd, whh, gh)
        .add("// dh[batch, $L] $L $L · W_hhᵀ\n", h, kind == Kind.GRU ? "+=" : "=", src)
        .statement("$T.nt(batch, $L, $L, $L, $L, $L, p, $L, $L, dh, 0, $L, $L)",
            GEMM, h, gh, src, srcOff, srcLd, whh, gh, h, kind == Kind.GRU)
        .end();
    c.end(); // time
    c.add("// after the time loop, every example and step at once: da[batch * $L, $L]\n", steps, gh)
        .add("// bias: da summed over all rows\n")
        .begin("for (int r = 0; r < batch * $L; r++)", steps)
        .begin("for (int j = 0; j < $L; j++)", gh)
        .statement("g[$L + j] += da[r * $L + j]", biasParam(c), gh)
        .end()
        .end()
        .add("// gW_ih[$L, $L] += xᵀ · da\n", f, gh)
        .statement("$T.tn($L, $L, batch * $L, x, 0, $L, da, 0, $L, g, $L, $L, true)",
            GEMM, f, gh, steps, f, gh, wih, gh);
    c.beginInputGrad()
        .add("// input gradient: gx[batch * $L, $L] $L da · W_ihᵀ\n", steps, f, c.gxAssign())
        .statement("$T.nt(batch * $L, $L, $L, da, 0, $L, p, $L, $L, gx, 0, $L, $L)",
            GEMM, steps, f, gh, gh, wih, gh, f, c.accumulate())
        .endInputGrad();
  }
}
