package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.List;

/**
 * {@code dropout(rate)}: inverted dropout. In training each element is kept with probability
 * 1 - rate and scaled by 1 / (1 - rate), so inference is the identity.
 */
public final class DropoutOp implements Op {

  @Override
  public String name() {
    return "dropout";
  }

  @Override
  public String doc() {
    return "dropout(rate): zero elements with probability rate while training";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(ArgSpec.required("rate", new ArgType.FloatType(0, 1, true),
        "probability of dropping an element"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    return input;
  }

  @Override
  public boolean usesTrainingMode() {
    return true;
  }

  @Override
  public String describe(Args args) {
    return "dropout " + args.floatArg("rate");
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return List.of(new ExtraBuffer("mask", output.size(), "0 or 1 / (1 - rate) per element"));
  }

  @Override
  public void emitForward(LayerCode c) {
    double keep = 1 - c.args().floatArg("rate");
    c.statement("int n = $L", LayerCode.batchTimes(c.outSize()))
        .begin("if (training)")
        .begin("for (int k = 0; k < n; k++)")
        .statement("float m = rng.nextFloat() < $L ? $L : 0f", LayerCode.f(keep), LayerCode.f(1 / keep))
        .statement("mask[k] = m")
        .statement("y[k] = x[k] * m")
        .end()
        .nextControlFlow("else")
        .copy("x", 0, "y", 0, "n")
        .end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    c.statement("int n = $L", LayerCode.batchTimes(c.outSize()))
        .beginInputGrad()
        .begin("for (int k = 0; k < n; k++)")
        .statement("gx[k] $L gy[k] * mask[k]", c.gxAssign())
        .end()
        .endInputGrad();
  }
}
