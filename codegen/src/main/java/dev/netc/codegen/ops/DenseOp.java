package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import dev.netc.runtime.kernels.Gemm;
import java.util.List;

/**
 * {@code dense(units, activation: relu, bias: true, init: auto)}: y = f(x W + b) with W stored
 * {@code [in, out]}, the bias as the product's starting value and the activation fused in the same
 * method. The cost model picks how the product is written ({@link DenseKernels}): unrolled for tiny
 * layers, otherwise one {@link Gemm} call per direction over the whole batch (register-blocked,
 * SIMD when the Vector API module is present).
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
  public MatmulShape matmul(Shape input, Shape output, Args args) {
    return new MatmulShape(1, input.dim(0), args.intArg("units"));
  }

  private static DenseKernels.Product product(LayerCode c) {
    Activation act = activation(c.args());
    return new DenseKernels.Product(c.inSize(), c.outSize(), 1, "b", c.args().boolArg("bias"), act,
        defaultAlpha(act));
  }

  @Override
  public void emitForward(LayerCode c) {
    DenseKernels.forward(c, product(c));
  }

  @Override
  public void emitBackward(LayerCode c) {
    DenseKernels.backward(c, product(c));
  }

  private static double defaultAlpha(Activation a) {
    return a == Activation.ELU ? Activation.ELU_ALPHA : Activation.LEAKY_RELU_ALPHA;
  }
}
