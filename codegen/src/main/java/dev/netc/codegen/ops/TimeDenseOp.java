package dev.netc.codegen.ops;

import dev.netc.codegen.check.Diagnostics;
import dev.netc.codegen.ir.ParamSpec;
import dev.netc.codegen.ir.Shape;
import dev.netc.runtime.Init;
import java.util.List;

/**
 * {@code time_dense(units, activation: linear)}: the same dense layer applied to every step of a
 * {@code [T, F]} sequence, giving {@code [T, units]}; for per-step outputs such as a language
 * model's next-token logits (softmax_cross_entropy then averages over the T rows). Weight {@code
 * [F, units]} (Xavier uniform, He normal for relu-like activations) and bias {@code [units]}
 * shared across steps, laid out as {@code dense}'s.
 */
public final class TimeDenseOp implements Op {

  @Override
  public String name() {
    return "time_dense";
  }

  @Override
  public String doc() {
    return "dense on every step of [T, F]: time_dense(units, activation: linear) -> [T, units]";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        ArgSpec.required("units", ArgType.positiveInt(), "outputs per step"),
        ArgSpec.optional("activation", ArgType.oneOf(Activation.dslNames()), "linear", "fused activation"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    if (input.rank() != 2) {
      diags.error(args.callPos(), "time_dense: expected input [T, F] (time steps, features), got "
          + input.describe() + (input.rank() == 1 ? "; use dense on a single vector" : ""));
      return null;
    }
    return Shape.of(input.dim(0), args.intArg("units"));
  }

  private static Activation activation(Args args) {
    return Activation.fromDsl(args.enumArg("activation"));
  }

  @Override
  public String describe(Args args) {
    Activation a = activation(args);
    return "time_dense" + (a == Activation.LINEAR ? "" : " + " + a.dslName());
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    int in = input.dim(1);
    int out = args.intArg("units");
    Init init = activation(args).initializer("auto");
    return List.of(new ParamSpec("weight", Shape.of(in, out), init, in, out),
        new ParamSpec("bias", Shape.of(out), Init.ZEROS, in, out));
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 2L * input.size() * output.dim(1) + output.size() * (1 + activation(args).flopsPerElement());
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return activation(args).needsInput()
        ? List.of(new ExtraBuffer("pre", output.size(), "pre-activation, for the derivative"))
        : List.of();
  }

  private static double alpha(Activation a) {
    return a == Activation.ELU ? Activation.ELU_ALPHA : Activation.LEAKY_RELU_ALPHA;
  }

  @Override
  public void emitForward(LayerCode c) {
    Shape in = c.node().input().shape();
    int steps = in.dim(0);
    int f = in.dim(1);
    int out = c.args().intArg("units");
    Activation act = activation(c.args());
    c.begin("for (int r = 0; r < batch * $L; r++)", steps)
        .statement("int xo = r * $L", f)
        .statement("int yo = r * $L", out)
        .statement("System.arraycopy(p, $L, y, yo, $L)", c.param("bias"), out)
        .begin("for (int i = 0; i < $L; i++)", f)
        .statement("float xi = x[xo + i]")
        .begin("if (xi == 0f)").statement("continue").end()
        .statement("int w = $L + i * $L", c.param("weight"), out)
        .begin("for (int j = 0; j < $L; j++)", out)
        .statement("y[yo + j] += xi * p[w + j]")
        .end()
        .end();
    if (act != Activation.LINEAR) {
      c.begin("for (int j = yo; j < yo + $L; j++)", out);
      if (act.needsInput()) {
        c.statement("pre[j] = y[j]");
      }
      c.statement("y[j] = $L", act.forward("y[j]", alpha(act))).end();
    }
    c.end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    Shape in = c.node().input().shape();
    int steps = in.dim(0);
    int f = in.dim(1);
    int out = c.args().intArg("units");
    Activation act = activation(c.args());
    c.begin("for (int r = 0; r < batch * $L; r++)", steps)
        .statement("int xo = r * $L", f)
        .statement("int yo = r * $L", out);
    if (act != Activation.LINEAR) {
      c.begin("for (int j = yo; j < yo + $L; j++)", out)
          .statement("gy[j] *= $L", act.derivative("pre[j]", "y[j]", alpha(act)))
          .end();
    }
    c.begin("for (int j = 0; j < $L; j++)", out)
        .statement("g[$L + j] += gy[yo + j]", c.param("bias"))
        .end()
        .begin("for (int i = 0; i < $L; i++)", f)
        .statement("float xi = x[xo + i]")
        .begin("if (xi == 0f)").statement("continue").end()
        .statement("int w = $L + i * $L", c.param("weight"), out)
        .begin("for (int j = 0; j < $L; j++)", out)
        .statement("g[w + j] += xi * gy[yo + j]")
        .end()
        .end();
    c.beginInputGrad()
        .begin("for (int i = 0; i < $L; i++)", f)
        .statement("int w = $L + i * $L", c.param("weight"), out)
        .statement("float s = 0f")
        .begin("for (int j = 0; j < $L; j++)", out)
        .statement("s += p[w + j] * gy[yo + j]")
        .end()
        .statement("gx[xo + i] $L s", c.gxAssign())
        .end()
        .endInputGrad();
    c.end();
  }
}
