package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import java.util.List;
import java.util.function.Consumer;

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
    int spatial = spatial(shape);
    double momentum = c.args().floatArg("momentum");
    String eps = LayerCode.f(c.args().floatArg("eps"));
    Index start = channelStart(c, Index.var("b"), Index.var("ch"));
    c.add("// channel ch of example b holds x[$L]$L\n", spatial > 1 ? start.plus("s") : start,
        spatial > 1 ? ", s < " + spatial : "");
    Loop ch = c.beginLoop("ch", channels(shape));
    Index gammaAt = Index.var(c.param("gamma")).plus(ch.index());
    c.statement("float gamma = p[$L]", gammaAt)
        .statement("float beta = p[$L]", Index.var(c.param("beta")).plus(ch.index()))
        .begin("if (training)")
        .statement("int m = $L", LayerCode.batchTimes(spatial))
        .statement("double sum = 0");
    overChannel(c, ch, k -> c.statement("sum += x[$L]", k));
    c.statement("float mean = (float) (sum / m)")
        .statement("double squares = 0");
    overChannel(c, ch, k -> c.statement("float d = x[$L] - mean", k).statement("squares += d * d"));
    c.statement("float var = (float) (squares / m)")
        .statement("float invStd = (float) (1.0 / Math.sqrt(var + $L))", eps)
        .statement("stats[$L] = invStd", ch.index());
    overChannel(c, ch, k -> c.statement("float h = (x[$L] - mean) * invStd", k)
        .statement("xhat[$L] = h", k)
        .statement("y[$L] = gamma * h + beta", k));
    Index meanAt = Index.var(c.param("running_mean")).plus(ch.index());
    Index varAt = Index.var(c.param("running_var")).plus(ch.index());
    c.add("// running statistics; the variance is unbiased, as PyTorch keeps it\n")
        .statement("float unbiased = m > 1 ? var * m / (m - 1) : var")
        .statement("p[$L] = $L * p[$L] + $L * mean", meanAt, LayerCode.f(1 - momentum), meanAt, LayerCode.f(momentum))
        .statement("p[$L] = $L * p[$L] + $L * unbiased", varAt, LayerCode.f(1 - momentum), varAt,
            LayerCode.f(momentum))
        .nextControlFlow("else")
        .statement("float mean = p[$L]", meanAt)
        .statement("float scale = gamma * (float) (1.0 / Math.sqrt(p[$L] + $L))", varAt, eps);
    overChannel(c, ch, k -> c.statement("y[$L] = (x[$L] - mean) * scale + beta", k, k));
    c.end().end(ch);
  }

  @Override
  public void emitBackward(LayerCode c) {
    Shape shape = c.outShape();
    c.add("// after a training-mode forward pass: gradients through the batch statistics\n")
        .statement("int m = $L", LayerCode.batchTimes(spatial(shape)));
    Loop ch = c.beginLoop("ch", channels(shape));
    Index gammaAt = Index.var(c.param("gamma")).plus(ch.index());
    c.statement("float dGamma = 0f")
        .statement("float dBeta = 0f");
    overChannel(c, ch, k -> c.statement("dGamma += gy[$L] * xhat[$L]", k, k).statement("dBeta += gy[$L]", k));
    c.statement("g[$L] += dGamma", gammaAt)
        .statement("g[$L] += dBeta", Index.var(c.param("beta")).plus(ch.index()))
        .beginInputGrad()
        .statement("float scale = p[$L] * stats[$L] / m", gammaAt, ch.index());
    overChannel(c, ch, k -> c.statement("gx[$L] $L scale * (m * gy[$L] - dBeta - xhat[$L] * dGamma)", k,
        c.gxAssign(), k, k));
    c.endInputGrad()
        .end(ch);
  }

  /** Where channel {@code ch} of example {@code b} starts: {@code b * size + ch * spatial}. */
  private static Index channelStart(LayerCode c, Index b, Index ch) {
    return b.times(c.outSize()).plus(ch.times(spatial(c.outShape())));
  }

  /** {@code body(k)} for every element k of channel {@code ch} in every example of the batch. */
  private static void overChannel(LayerCode c, Loop ch, Consumer<Index> body) {
    c.loop("b", "batch", b -> {
      Index start = channelStart(c, b, ch.index());
      c.loop("k", start, start.plus(spatial(c.outShape())), body);
    });
  }
}
