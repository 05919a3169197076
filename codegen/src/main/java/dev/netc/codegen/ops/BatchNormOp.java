package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import java.util.List;

/**
 * {@code batchnorm(momentum: 0.1, eps: 1e-5)}: normalizes each channel (axis 0 of {@code [C, ...]},
 * or each feature of {@code [F]}) over the batch and the remaining axes, then scales by gamma and
 * shifts by beta, as PyTorch's BatchNorm1d/2d.
 *
 * <p>Training uses the batch statistics and updates the running mean and (unbiased) variance with
 * {@code running = (1 - momentum) * running + momentum * batch}; inference uses the running
 * statistics. The running statistics live in the parameter buffer as non-trainable tensors, so
 * they are saved and loaded with the model.
 */
public final class BatchNormOp implements Op {

  @Override
  public String name() {
    return "batchnorm";
  }

  @Override
  public String doc() {
    return "batch normalization per channel: batchnorm(momentum: 0.1, eps: 1e-5)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        ArgSpec.optional("momentum", new ArgType.FloatType(0, 1, false), 0.1,
            "weight of the batch statistics in the running statistics"),
        ArgSpec.optional("eps", new ArgType.FloatType(0, 1, false), 1e-5,
            "added to the variance before the square root"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    return input;
  }

  @Override
  public boolean usesTrainingMode() {
    return true;
  }

  private static int channels(Shape s) {
    return s.dim(0);
  }

  /** Elements per channel per example: 1 for [F], H*W for [C, H, W]. */
  private static int spatial(Shape s) {
    return (int) (s.size() / s.dim(0));
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    Shape c = Shape.of(channels(input));
    int fan = spatial(input);
    return List.of(
        new ParamSpec("gamma", c, Init.ONES, fan, fan),
        new ParamSpec("beta", c, Init.ZEROS, fan, fan),
        new ParamSpec("running_mean", c, Init.ZEROS, fan, fan, false),
        new ParamSpec("running_var", c, Init.ONES, fan, fan, false));
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 4 * output.size();
  }

  @Override
  public String describe(Args args) {
    return "batchnorm";
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return List.of(
        new ExtraBuffer("xhat", output.size(), "normalized input, for the backward pass"),
        new ExtraBuffer("stats", 2L * channels(input),
            "per channel 1/sqrt(var + eps) of the last training batch (first C floats)"));
  }

  @Override
  public void emitForward(LayerCode c) {
    Shape shape = c.outShape();
    int channels = channels(shape);
    int spatial = spatial(shape);
    int size = c.outSize();
    double momentum = c.args().floatArg("momentum");
    String eps = LayerCode.f(c.args().floatArg("eps"));
    c.add("// channel ch of example b holds x[b * $L + ch * $L + s], s < $L\n", size, spatial, spatial)
        .begin("for (int ch = 0; ch < $L; ch++)", channels)
        .statement("float gamma = p[$L + ch]", c.param("gamma"))
        .statement("float beta = p[$L + ch]", c.param("beta"))
        .begin("if (training)")
        .statement("int m = batch * $L", spatial)
        .statement("double sum = 0")
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int k = b * $L + ch * $L; k < b * $L + ch * $L + $L; k++)", size, spatial, size, spatial, spatial)
        .statement("sum += x[k]")
        .end()
        .end()
        .statement("float mean = (float) (sum / m)")
        .statement("double squares = 0")
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int k = b * $L + ch * $L; k < b * $L + ch * $L + $L; k++)", size, spatial, size, spatial, spatial)
        .statement("float d = x[k] - mean")
        .statement("squares += d * d")
        .end()
        .end()
        .statement("float var = (float) (squares / m)")
        .statement("float invStd = (float) (1.0 / Math.sqrt(var + $L))", eps)
        .statement("stats[ch] = invStd")
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int k = b * $L + ch * $L; k < b * $L + ch * $L + $L; k++)", size, spatial, size, spatial, spatial)
        .statement("float h = (x[k] - mean) * invStd")
        .statement("xhat[k] = h")
        .statement("y[k] = gamma * h + beta")
        .end()
        .end()
        .add("// running statistics; the variance is unbiased, as PyTorch keeps it\n")
        .statement("float unbiased = m > 1 ? var * m / (m - 1) : var")
        .statement("p[$L + ch] = $L * p[$L + ch] + $L * mean", c.param("running_mean"),
            LayerCode.f(1 - momentum), c.param("running_mean"), LayerCode.f(momentum))
        .statement("p[$L + ch] = $L * p[$L + ch] + $L * unbiased", c.param("running_var"),
            LayerCode.f(1 - momentum), c.param("running_var"), LayerCode.f(momentum))
        .nextControlFlow("else")
        .statement("float mean = p[$L + ch]", c.param("running_mean"))
        .statement("float scale = gamma * (float) (1.0 / Math.sqrt(p[$L + ch] + $L))", c.param("running_var"), eps)
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int k = b * $L + ch * $L; k < b * $L + ch * $L + $L; k++)", size, spatial, size, spatial, spatial)
        .statement("y[k] = (x[k] - mean) * scale + beta")
        .end()
        .end()
        .end()
        .end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    Shape shape = c.outShape();
    int channels = channels(shape);
    int spatial = spatial(shape);
    int size = c.outSize();
    c.add("// after a training-mode forward pass: gradients through the batch statistics\n")
        .statement("int m = batch * $L", spatial)
        .begin("for (int ch = 0; ch < $L; ch++)", channels)
        .statement("float dGamma = 0f")
        .statement("float dBeta = 0f")
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int k = b * $L + ch * $L; k < b * $L + ch * $L + $L; k++)", size, spatial, size, spatial, spatial)
        .statement("dGamma += gy[k] * xhat[k]")
        .statement("dBeta += gy[k]")
        .end()
        .end()
        .statement("g[$L + ch] += dGamma", c.param("gamma"))
        .statement("g[$L + ch] += dBeta", c.param("beta"))
        .beginInputGrad()
        .statement("float scale = p[$L + ch] * stats[ch] / m", c.param("gamma"))
        .begin("for (int b = 0; b < batch; b++)")
        .begin("for (int k = b * $L + ch * $L; k < b * $L + ch * $L + $L; k++)", size, spatial, size, spatial, spatial)
        .statement("gx[k] $L scale * (m * gy[k] - dBeta - xhat[k] * dGamma)", c.gxAssign())
        .end()
        .end()
        .endInputGrad()
        .end();
  }
}
