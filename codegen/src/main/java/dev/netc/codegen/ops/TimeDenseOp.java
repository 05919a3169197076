package dev.netc.codegen.ops;

import dev.netc.codegen.check.Diagnostics;
import dev.netc.codegen.ir.ParamSpec;
import dev.netc.codegen.ir.Shape;
import dev.netc.runtime.Init;
import dev.netc.runtime.kernels.Gemm;
import java.util.List;

/**
 * {@code time_dense(units, activation: linear)}: the same dense layer applied to every step of a
 * {@code [T, F]} sequence, giving {@code [T, units]}; for per-step outputs such as a language
 * model's next-token logits (softmax_cross_entropy then averages over the T rows). Weight {@code
 * [F, units]} (Xavier uniform, He normal for relu-like activations) and bias {@code [units]}
 * shared across steps, laid out as {@code dense}'s. The batch's {@code batch * T} rows go through
 * one matrix product ({@link Gemm}) per direction, as a dense layer's batch does.
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
    c.add("// the bias is each row's starting value; row b * $L + t is example b at step t\n", steps)
        .begin("for (int r = 0; r < batch * $L; r++)", steps)
        .statement("System.arraycopy(p, $L, y, r * $L, $L)", c.param("bias"), out, out)
        .end()
        .add("// every example and step at once: y[batch * $L, $L] += x[batch * $L, $L] · W[$L, $L]\n",
            steps, out, steps, f, f, out)
        .statement("$T.nn(batch * $L, $L, $L, x, 0, $L, p, $L, $L, y, 0, $L, true)",
            Gemm.class, steps, out, f, f, c.param("weight"), out, out);
    if (act != Activation.LINEAR) {
      c.begin("for (int j = 0; j < batch * $L; j++)", steps * out);
      if (act.needsInput()) {
        c.statement("pre[j] = y[j]");
      }
      c.statement("y[j] = $L", act.forward("y[j]", alpha(act))).end();
    }
  }

  @Override
  public void emitBackward(LayerCode c) {
    Shape in = c.node().input().shape();
    int steps = in.dim(0);
    int f = in.dim(1);
    int out = c.args().intArg("units");
    Activation act = activation(c.args());
    if (act != Activation.LINEAR) {
      c.add("// through the $L: gy becomes the gradient of the pre-activation\n", act.dslName())
          .begin("for (int j = 0; j < batch * $L; j++)", steps * out)
          .statement("gy[j] *= $L", act.derivative("pre[j]", "y[j]", alpha(act)))
          .end();
    }
    c.add("// bias: gy summed over all rows\n")
        .begin("for (int r = 0; r < batch * $L; r++)", steps)
        .begin("for (int j = 0; j < $L; j++)", out)
        .statement("g[$L + j] += gy[r * $L + j]", c.param("bias"), out)
        .end()
        .end()
        .add("// weight gradient: gW[$L, $L] += xᵀ · gy over all batch * $L rows\n", f, out, steps)
        .statement("$T.tn($L, $L, batch * $L, x, 0, $L, gy, 0, $L, g, $L, $L, true)",
            Gemm.class, f, out, steps, f, out, c.param("weight"), out);
    c.beginInputGrad()
        .add("// input gradient: gx[batch * $L, $L] $L gy · Wᵀ\n", steps, f, c.gxAssign())
        .statement("$T.nt(batch * $L, $L, $L, gy, 0, $L, p, $L, $L, gx, 0, $L, $L)",
            Gemm.class, steps, f, out, out, c.param("weight"), out, f, c.accumulate())
        .endInputGrad();
  }
}
