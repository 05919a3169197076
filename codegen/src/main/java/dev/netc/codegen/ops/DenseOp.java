package dev.netc.codegen.ops;

import dev.netc.codegen.check.Diagnostics;
import dev.netc.codegen.ir.ParamSpec;
import dev.netc.codegen.ir.Shape;
import dev.netc.runtime.Init;
import dev.netc.runtime.kernels.Gemm;
import java.util.List;

/**
 * {@code dense(units, activation: relu, bias: true, init: auto)}: y = f(x W + b) with W stored
 * {@code [in, out]}. The whole batch goes through one matrix product per direction ({@link
 * Gemm}: register-blocked, SIMD when the Vector API module is present), with the bias as the
 * product's starting value and the activation fused in the same method.
 */
public final class DenseOp implements Op {

  static final List<String> INITS =
      List.of("auto", "xavier_uniform", "xavier_normal", "he_normal", "he_uniform");

  @Override
  public String name() {
    return "dense";
  }

  @Override
  public String doc() {
    return "fully connected layer: dense(units, activation: relu)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        ArgSpec.required("units", ArgType.positiveInt(), "number of outputs"),
        ArgSpec.optional("activation", ArgType.oneOf(Activation.dslNames()), "linear",
            "fused activation"),
        ArgSpec.optional("bias", ArgType.bool(), true, "add a bias vector"),
        ArgSpec.optional("init", ArgType.oneOf(INITS), "auto",
            "weight initializer; auto picks he_normal for relu-like activations, else xavier_uniform"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    if (input.rank() != 1) {
      diags.error(args.callPos(), "dense: expected rank-1 input, got " + input.describe()
          + "; add flatten before " + where);
      return null;
    }
    return Shape.of(args.intArg("units"));
  }

  private static Activation activation(Args args) {
    return Activation.fromDsl(args.enumArg("activation"));
  }

  @Override
  public String describe(Args args) {
    Activation a = activation(args);
    return "dense" + (a == Activation.LINEAR ? "" : " + " + a.dslName())
        + (args.boolArg("bias") ? "" : ", no bias");
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    int in = input.dim(0);
    int out = args.intArg("units");
    Init init = activation(args).initializer(args.enumArg("init"));
    ParamSpec weight = new ParamSpec("weight", Shape.of(in, out), init, in, out);
    if (!args.boolArg("bias")) {
      return List.of(weight);
    }
    return List.of(weight, new ParamSpec("bias", Shape.of(out), Init.ZEROS, in, out));
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 2 * input.size() * output.size() + output.size() * (1 + activation(args).flopsPerElement());
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return activation(args).needsInput()
        ? List.of(new ExtraBuffer("pre", output.size(), "pre-activation, for the derivative"))
        : List.of();
  }

  @Override
  public void emitForward(LayerCode c) {
    int in = c.inSize();
    int out = c.outSize();
    Activation act = activation(c.args());
    boolean bias = c.args().boolArg("bias");
    if (bias) {
      c.add("// the bias is each row's starting value\n")
          .begin("for (int b = 0; b < batch; b++)")
          .statement("System.arraycopy(p, $L, y, b * $L, $L)", c.param("bias"), out, out)
          .end();
    }
    c.add("// y[batch, $L] $L x[batch, $L] · W[$L, $L]\n", out, bias ? "+=" : "=", in, in, out)
        .statement("$T.nn(batch, $L, $L, x, 0, $L, p, $L, $L, y, 0, $L, $L)",
            Gemm.class, out, in, in, c.param("weight"), out, out, bias);
    if (act != Activation.LINEAR) {
      c.begin("for (int j = 0; j < batch * $L; j++)", out);
      if (act.needsInput()) {
        c.statement("pre[j] = y[j]");
      }
      c.statement("y[j] = $L", act.forward("y[j]", defaultAlpha(act)));
      c.end();
    }
  }

  @Override
  public void emitBackward(LayerCode c) {
    int in = c.inSize();
    int out = c.outSize();
    Activation act = activation(c.args());
    if (act != Activation.LINEAR) {
      c.add("// through the $L: gy becomes the gradient of the pre-activation\n", act.dslName())
          .begin("for (int j = 0; j < batch * $L; j++)", out)
          .statement("gy[j] *= $L", act.derivative("pre[j]", "y[j]", defaultAlpha(act)))
          .end();
    }
    if (c.args().boolArg("bias")) {
      c.begin("for (int b = 0; b < batch; b++)")
          .statement("int yo = b * $L", out)
          .begin("for (int j = 0; j < $L; j++)", out)
          .statement("g[$L + j] += gy[yo + j]", c.param("bias"))
          .end()
          .end();
    }
    c.add("// weight gradient: gW[$L, $L] += xᵀ · gy, summed over the batch\n", in, out)
        .statement("$T.tn($L, $L, batch, x, 0, $L, gy, 0, $L, g, $L, $L, true)",
            Gemm.class, in, out, in, out, c.param("weight"), out);
    c.beginInputGrad()
        .add("// input gradient: gx[batch, $L] $L gy · Wᵀ\n", in, c.gxAssign())
        .statement("$T.nt(batch, $L, $L, gy, 0, $L, p, $L, $L, gx, 0, $L, $L)",
            Gemm.class, in, out, out, c.param("weight"), out, in, c.accumulate())
        .endInputGrad();
  }

  private static double defaultAlpha(Activation a) {
    return a == Activation.ELU ? Activation.ELU_ALPHA : Activation.LEAKY_RELU_ALPHA;
  }
}
