package dev.netc.codegen.ops;

import dev.netc.codegen.check.Diagnostics;
import dev.netc.codegen.ir.ParamSpec;
import dev.netc.codegen.ir.Shape;
import dev.netc.runtime.Init;
import java.util.List;

/**
 * {@code dense(units, activation: relu, bias: true, init: auto)}: y = f(x W + b) with W stored
 * {@code [in, out]} so both the forward pass and the weight gradient are contiguous AXPY loops
 * over outputs, which the JIT vectorizes.
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
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", in)
        .statement("int yo = b * $L", out);
    if (c.args().boolArg("bias")) {
      c.statement("System.arraycopy(p, $L, y, yo, $L)", c.param("bias"), out);
    } else {
      c.statement("java.util.Arrays.fill(y, yo, yo + $L, 0f)", out);
    }
    c.begin("for (int i = 0; i < $L; i++)", in)
        .statement("float xi = x[xo + i]")
        .add("// zero inputs are common after relu and on image borders: skip their row\n")
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
      c.statement("y[j] = $L", act.forward("y[j]", defaultAlpha(act)));
      c.end();
    }
    c.end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    int in = c.inSize();
    int out = c.outSize();
    Activation act = activation(c.args());
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", in)
        .statement("int yo = b * $L", out);
    if (act != Activation.LINEAR) {
      c.add("// through the $L: gy becomes the gradient of the pre-activation\n", act.dslName())
          .begin("for (int j = yo; j < yo + $L; j++)", out)
          .statement("gy[j] *= $L", act.derivative("pre[j]", "y[j]", defaultAlpha(act)))
          .end();
    }
    if (c.args().boolArg("bias")) {
      c.begin("for (int j = 0; j < $L; j++)", out)
          .statement("g[$L + j] += gy[yo + j]", c.param("bias"))
          .end();
    }
    c.add("// weight gradient: outer product of the input and gy\n")
        .begin("for (int i = 0; i < $L; i++)", in)
        .statement("float xi = x[xo + i]")
        .begin("if (xi == 0f)").statement("continue").end()
        .statement("int w = $L + i * $L", c.param("weight"), out)
        .begin("for (int j = 0; j < $L; j++)", out)
        .statement("g[w + j] += xi * gy[yo + j]")
        .end()
        .end();
    c.beginInputGrad()
        .add("// input gradient: W times gy\n")
        .begin("for (int i = 0; i < $L; i++)", in)
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

  private static double defaultAlpha(Activation a) {
    return a == Activation.ELU ? Activation.ELU_ALPHA : Activation.LEAKY_RELU_ALPHA;
  }
}
