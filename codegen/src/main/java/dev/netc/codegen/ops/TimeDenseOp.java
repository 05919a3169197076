package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import java.util.List;

/**
 * {@code time_dense(units, activation: linear)}: the same dense layer applied to every step of a
 * {@code [T, F]} sequence, giving {@code [T, units]}; for per-step outputs such as a language
 * model's next-token logits (softmax_cross_entropy then averages over the T rows). Weight {@code
 * [F, units]} (Xavier uniform, He normal for relu-like activations) and bias {@code [units]}
 * shared across steps, laid out as {@code dense}'s. The batch's {@code batch * T} rows go through
 * one product per direction, written as the cost model chooses ({@link DenseKernels}), as a dense
 * layer's batch does.
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
  public MatmulShape matmul(Shape input, Shape output, Args args) {
    return new MatmulShape(input.dim(0), input.dim(1), args.intArg("units"));
  }

  private static DenseKernels.Product product(LayerCode c) {
    Shape in = c.inShape();
    Activation act = activation(c.args());
    return new DenseKernels.Product(in.dim(1), c.args().intArg("units"), in.dim(0), "r", true, act, alpha(act));
  }

  @Override
  public void emitForward(LayerCode c) {
    DenseKernels.forward(c, product(c));
  }

  @Override
  public void emitBackward(LayerCode c) {
    DenseKernels.backward(c, product(c));
  }
}
