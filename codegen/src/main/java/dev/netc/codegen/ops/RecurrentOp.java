package dev.netc.codegen.ops;

import com.squareup.javapoet.ClassName;
import dev.netc.codegen.check.Diagnostics;
import dev.netc.codegen.ir.ParamSpec;
import dev.netc.codegen.ir.Shape;
import dev.netc.runtime.Init;
import java.util.ArrayList;
import java.util.List;

/**
 * Recurrent layers on {@code [T, F]} inputs (T fixed time steps of F features): {@code rnn},
 * {@code lstm} and {@code gru}, with backpropagation through time generated as code. Output
 * {@code [T, units]} with {@code sequences: true} (the state after every step, indexed by input
 * time step), else {@code [units]} (the state after the last step processed). {@code reverse:
 * true} processes steps T-1 down to 0. The initial state (and LSTM cell) is zero.
 *
 * <p><b>Gate layout</b> follows PyTorch's gate order, with matrices stored transposed (input-major)
 * so forward and gradients are contiguous AXPY loops over the gate axis, as {@code dense} does:
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
 * <p><b>Workspace</b> per example: {@code hs [T, H]} states, {@code gates [T, G*H]} activated gates
 * (rnn: none), lstm {@code cs [T, H]} cells, gru {@code hn [T, H]} = {@code h' W_hn + b_hn}; and
 * backward scratch {@code dh [H]}, {@code da [G*H]} (lstm {@code dc [H]}, gru {@code dgh [3H]}).
 * Forward and backward are loops over time (no unrolling), so the generated methods stay at a few
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
    }
    if (kind == Kind.GRU) {
      b.add(new ExtraBuffer("hn", (long) t * h, "h' W_hn + b_hn of every step"));
    }
    b.add(new ExtraBuffer("dh", h, "backward scratch: gradient of the state"));
    b.add(new ExtraBuffer("da", gh, "backward scratch: gradient of the gate pre-activations"));
    if (kind == Kind.LSTM) {
      b.add(new ExtraBuffer("dc", h, "backward scratch: gradient of the cell"));
    }
    if (kind == Kind.GRU) {
      b.add(new ExtraBuffer("dgh", gh, "backward scratch: gradient of h' W_hh + b_hh"));
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

  private void timeIndex(LayerCode c, int steps, boolean reverse) {
    c.statement(reverse ? "int t = $L - s" : "int t = s", steps - 1)
        .statement("int ht = ho + t * $L", c.args().intArg("units"))
        .statement(reverse ? "int hp = ht + $L" : "int hp = ht - $L", c.args().intArg("units"));
  }

  @Override
  public void emitForward(LayerCode c) {
    Args args = c.args();
    Shape in = c.node().input().shape();
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
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", steps * f)
        .statement("int yo = b * $L", c.outSize())
        .statement("int ho = b * $L", steps * h);
    if (kind != Kind.RNN) {
      c.statement("int ao = b * $L", steps * gh);
    }
    c.begin("for (int s = 0; s < $L; s++)", steps);
    timeIndex(c, steps, reverse);
    if (kind != Kind.RNN) {
      c.statement("int a = ao + t * $L", gh);
    }
    if (kind == Kind.GRU) {
      c.statement("System.arraycopy(p, $L, gates, a, $L)", biasParam(c), gh)
          .begin("for (int j = 0; j < $L; j++)", 2 * h)
          .statement("gates[a + j] += p[$L + j]", c.param("bias_hh"))
          .end()
          .statement("System.arraycopy(p, $L + $L, hn, ht, $L)", c.param("bias_hh"), 2 * h, h);
    } else {
      c.statement("System.arraycopy(p, $L, $L, $L, $L)", biasParam(c), acc, a, gh);
    }
    c.add("// input contribution: x_t W_ih\n")
        .begin("for (int i = 0; i < $L; i++)", f)
        .statement("float xi = x[xo + t * $L + i]", f)
        .begin("if (xi == 0f)").statement("continue").end()
        .statement("int w = $L + i * $L", wih, gh)
        .begin("for (int j = 0; j < $L; j++)", gh)
        .statement("$L[$L + j] += xi * p[w + j]", acc, a)
        .end()
        .end();
    c.add("// recurrent contribution: h' W_hh (the initial state is zero)\n")
        .begin("if (s > 0)")
        .begin("for (int k = 0; k < $L; k++)", h)
        .statement("float hk = hs[hp + k]")
        .begin("if (hk == 0f)").statement("continue").end()
        .statement("int w = $L + k * $L", whh, gh);
    if (kind == Kind.GRU) {
      c.begin("for (int j = 0; j < $L; j++)", 2 * h)
          .statement("gates[a + j] += hk * p[w + j]")
          .end()
          .begin("for (int j = 0; j < $L; j++)", h)
          .statement("hn[ht + j] += hk * p[w + $L + j]", 2 * h)
          .end();
    } else {
      c.begin("for (int j = 0; j < $L; j++)", gh)
          .statement("$L[$L + j] += hk * p[w + j]", acc, a)
          .end();
    }
    c.end().end();
    c.begin("for (int k = 0; k < $L; k++)", h);
    switch (kind) {
      case RNN -> c.statement(args.enumArg("activation").equals("relu")
          ? "hs[ht + k] = hs[ht + k] > 0f ? hs[ht + k] : 0f" : "hs[ht + k] = (float) Math.tanh(hs[ht + k])");
      case LSTM -> c
          .statement("float ig = $T.sigmoid(gates[a + k])", ACTIVATIONS)
          .statement("float fg = $T.sigmoid(gates[a + $L + k])", ACTIVATIONS, h)
          .statement("float gg = (float) Math.tanh(gates[a + $L + k])", 2 * h)
          .statement("float og = $T.sigmoid(gates[a + $L + k])", ACTIVATIONS, 3 * h)
          .statement("gates[a + k] = ig")
          .statement("gates[a + $L + k] = fg", h)
          .statement("gates[a + $L + k] = gg", 2 * h)
          .statement("gates[a + $L + k] = og", 3 * h)
          .statement("float cell = ig * gg + (s > 0 ? fg * cs[hp + k] : 0f)")
          .statement("cs[ht + k] = cell")
          .statement("hs[ht + k] = og * (float) Math.tanh(cell)");
      case GRU -> c
          .statement("float r = $T.sigmoid(gates[a + k])", ACTIVATIONS)
          .statement("float z = $T.sigmoid(gates[a + $L + k])", ACTIVATIONS, h)
          .statement("float n = (float) Math.tanh(gates[a + $L + k] + r * hn[ht + k])", 2 * h)
          .statement("gates[a + k] = r")
          .statement("gates[a + $L + k] = z", h)
          .statement("gates[a + $L + k] = n", 2 * h)
          .statement("hs[ht + k] = (1f - z) * n + (s > 0 ? z * hs[hp + k] : 0f)");
    }
    c.end();
    c.end(); // time
    if (args.boolArg("sequences")) {
      c.statement("System.arraycopy(hs, ho, y, yo, $L)", steps * h);
    } else {
      c.statement("System.arraycopy(hs, ho + $L, y, yo, $L)", (reverse ? 0 : steps - 1) * h, h);
    }
    c.end(); // batch
  }

  @Override
  public void emitBackward(LayerCode c) {
    Args args = c.args();
    Shape in = c.node().input().shape();
    int steps = in.dim(0);
    int f = in.dim(1);
    int h = args.intArg("units");
    int gh = kind.gates * h;
    boolean reverse = args.boolArg("reverse");
    String wih = c.param("weight_ih");
    String whh = c.param("weight_hh");
    String dgh = kind == Kind.GRU ? "dgh" : "da";
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", steps * f)
        .statement("int yo = b * $L", c.outSize())
        .statement("int ho = b * $L", steps * h)
        .statement("int d = b * $L", h)
        .statement("int e = b * $L", gh);
    if (kind != Kind.RNN) {
      c.statement("int ao = b * $L", steps * gh);
    }
    c.statement("java.util.Arrays.fill(dh, d, d + $L, 0f)", h);
    if (kind == Kind.LSTM) {
      c.statement("java.util.Arrays.fill(dc, d, d + $L, 0f)", h);
    }
    c.add("// backpropagation through time: steps in reverse processing order\n")
        .begin("for (int s = $L; s >= 0; s--)", steps - 1);
    timeIndex(c, steps, reverse);
    if (kind != Kind.RNN) {
      c.statement("int a = ao + t * $L", gh);
    }
    if (args.boolArg("sequences")) {
      c.begin("for (int k = 0; k < $L; k++)", h)
          .statement("dh[d + k] += gy[yo + t * $L + k]", h)
          .end();
    } else {
      c.begin("if (s == $L)", steps - 1)
          .begin("for (int k = 0; k < $L; k++)", h)
          .statement("dh[d + k] += gy[yo + k]")
          .end()
          .end();
    }
    c.add("// gradient of the gate pre-activations\n")
        .begin("for (int k = 0; k < $L; k++)", h);
    switch (kind) {
      case RNN -> c.statement(args.enumArg("activation").equals("relu")
          ? "da[e + k] = hs[ht + k] > 0f ? dh[d + k] : 0f"
          : "da[e + k] = dh[d + k] * (1f - hs[ht + k] * hs[ht + k])");
      case LSTM -> c
          .statement("float ig = gates[a + k]")
          .statement("float fg = gates[a + $L + k]", h)
          .statement("float gg = gates[a + $L + k]", 2 * h)
          .statement("float og = gates[a + $L + k]", 3 * h)
          .statement("float tc = (float) Math.tanh(cs[ht + k])")
          .statement("float dhk = dh[d + k]")
          .statement("float dct = dc[d + k] + dhk * og * (1f - tc * tc)")
          .statement("float cp = s > 0 ? cs[hp + k] : 0f")
          .statement("da[e + k] = dct * gg * ig * (1f - ig)")
          .statement("da[e + $L + k] = dct * cp * fg * (1f - fg)", h)
          .statement("da[e + $L + k] = dct * ig * (1f - gg * gg)", 2 * h)
          .statement("da[e + $L + k] = dhk * tc * og * (1f - og)", 3 * h)
          .statement("dc[d + k] = dct * fg");
      case GRU -> c
          .statement("float r = gates[a + k]")
          .statement("float z = gates[a + $L + k]", h)
          .statement("float n = gates[a + $L + k]", 2 * h)
          .statement("float hprev = s > 0 ? hs[hp + k] : 0f")
          .statement("float dhk = dh[d + k]")
          .statement("float dan = dhk * (1f - z) * (1f - n * n)")
          .statement("float dar = dan * hn[ht + k] * r * (1f - r)")
          .statement("float daz = dhk * (hprev - n) * z * (1f - z)")
          .statement("da[e + k] = dar")
          .statement("da[e + $L + k] = daz", h)
          .statement("da[e + $L + k] = dan", 2 * h)
          .statement("dgh[e + k] = dar")
          .statement("dgh[e + $L + k] = daz", h)
          .statement("dgh[e + $L + k] = dan * r", 2 * h)
          .add("// the direct path h' -> h; the path through W_hh is added below\n")
          .statement("dh[d + k] = dhk * z");
    }
    c.end();
    c.add("// biases\n").begin("for (int j = 0; j < $L; j++)", gh);
    if (kind == Kind.GRU) {
      c.statement("g[$L + j] += da[e + j]", c.param("bias_ih"))
          .statement("g[$L + j] += dgh[e + j]", c.param("bias_hh"));
    } else {
      c.statement("g[$L + j] += da[e + j]", biasParam(c));
    }
    c.end();
    c.add("// input weights: outer product of x_t and the gate gradient\n")
        .begin("for (int i = 0; i < $L; i++)", f)
        .statement("float xi = x[xo + t * $L + i]", f)
        .begin("if (xi == 0f)").statement("continue").end()
        .statement("int w = $L + i * $L", wih, gh)
        .begin("for (int j = 0; j < $L; j++)", gh)
        .statement("g[w + j] += xi * da[e + j]")
        .end()
        .end();
    c.beginInputGrad()
        .add("// input gradient: W_ih times the gate gradient\n")
        .begin("for (int i = 0; i < $L; i++)", f)
        .statement("int w = $L + i * $L", wih, gh)
        .statement("float sum = 0f")
        .begin("for (int j = 0; j < $L; j++)", gh)
        .statement("sum += p[w + j] * da[e + j]")
        .end()
        .statement("gx[xo + t * $L + i] $L sum", f, c.gxAssign())
        .end()
        .endInputGrad();
    c.add("// recurrent weights and the state gradient carried to the previous step\n")
        .begin("if (s > 0)")
        .begin("for (int k = 0; k < $L; k++)", h)
        .statement("float hk = hs[hp + k]")
        .statement("int w = $L + k * $L", whh, gh)
        .begin("if (hk != 0f)")
        .begin("for (int j = 0; j < $L; j++)", gh)
        .statement("g[w + j] += hk * $L[e + j]", dgh)
        .end()
        .end()
        .statement("float sum = 0f")
        .begin("for (int j = 0; j < $L; j++)", gh)
        .statement("sum += p[w + j] * $L[e + j]", dgh)
        .end()
        .statement(kind == Kind.GRU ? "dh[d + k] += sum" : "dh[d + k] = sum")
        .end()
        .end();
    c.end(); // time
    c.end(); // batch
  }
}
