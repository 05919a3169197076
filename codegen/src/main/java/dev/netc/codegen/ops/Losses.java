package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.LossKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loss catalogue. Each loss is a few lines: value and gradient together; the two that take
 * several options, {@link SoftmaxCrossEntropyLoss} and {@link BinaryCrossEntropyLoss}, have their
 * own classes.
 */
public final class Losses {
  private Losses() {}

  private static final Map<String, LossDef> BY_NAME = new LinkedHashMap<>();

  static {
    register(new Mse());
    register(new L1());
    register(new Huber());
    register(new SoftmaxCrossEntropyLoss());
    register(new BinaryCrossEntropyLoss());
    register(new KlDivergence());
  }

  private static void register(LossDef loss) {
    BY_NAME.put(loss.name(), loss);
  }

  public static Map<String, LossDef> all() {
    return BY_NAME;
  }

  /** Mean squared error over all elements, as PyTorch's MSELoss. */
  static final class Mse implements LossDef {
    @Override public String name() { return "mse"; }
    @Override public String doc() { return "mean squared error over all outputs"; }
    @Override public LossKind kind() { return LossKind.MSE; }

    @Override
    public void emitValue(LayerCode c, Shape out) {
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("double sum = 0")
          .begin("for (int k = 0; k < n; k++)")
          .statement("double d = y[k] - t[k]")
          .statement("sum += d * d")
          .end()
          .statement("return sum / n");
    }

    @Override
    public void emitGradient(LayerCode c, Shape out) {
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("float scale = 2f / n")
          .begin("for (int k = 0; k < n; k++)")
          .statement("gy[k] = (y[k] - t[k]) * scale")
          .end();
    }
  }

  /** Mean absolute error over all elements, as PyTorch's L1Loss; the gradient at 0 is 0 (sign). */
  static final class L1 implements LossDef {
    @Override public String name() { return "l1"; }
    @Override public String doc() { return "mean absolute error over all outputs"; }
    @Override public LossKind kind() { return LossKind.L1; }

    @Override
    public void emitValue(LayerCode c, Shape out) {
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("double sum = 0")
          .begin("for (int k = 0; k < n; k++)")
          .statement("sum += Math.abs(y[k] - t[k])")
          .end()
          .statement("return sum / n");
    }

    @Override
    public void emitGradient(LayerCode c, Shape out) {
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("float inv = 1f / n")
          .begin("for (int k = 0; k < n; k++)")
          .statement("gy[k] = Math.signum(y[k] - t[k]) * inv")
          .end();
    }
  }

  /**
   * Huber loss over all elements, as PyTorch's HuberLoss(delta): 0.5 d² where |d| <= delta,
   * delta (|d| - 0.5 delta) beyond; the gradient is d clamped to [-delta, delta].
   */
  static final class Huber implements LossDef {
    @Override public String name() { return "huber"; }
    @Override public String doc() { return "Huber loss over all outputs: squared near 0, absolute beyond delta"; }
    @Override public LossKind kind() { return LossKind.HUBER; }

    @Override
    public List<ArgSpec> args() {
      return List.of(ArgSpec.optional("delta", ArgType.nonNegative(), 1.0,
          "where the loss turns from squared to absolute error; positive"));
    }

    @Override
    public boolean check(Shape output, Args args, Diagnostics diags) {
      if (args.floatArg("delta") == 0) {
        diags.error(args.pos("delta"), "huber: delta must be positive (it is where the squared error"
            + " turns absolute), got 0; use l1 for the absolute error alone");
        return false;
      }
      return true;
    }

    @Override
    public void emitValue(LayerCode c, Shape out) {
      double delta = c.args().floatArg("delta");
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("double sum = 0")
          .begin("for (int k = 0; k < n; k++)")
          .statement("double d = Math.abs(y[k] - t[k])")
          .statement("sum += d <= $L ? 0.5 * d * d : $L * (d - $L)", LayerCode.f(delta), LayerCode.f(delta),
              LayerCode.f(delta / 2))
          .end()
          .statement("return sum / n");
    }

    @Override
    public void emitGradient(LayerCode c, Shape out) {
      String delta = LayerCode.f(c.args().floatArg("delta"));
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("float inv = 1f / n")
          .begin("for (int k = 0; k < n; k++)")
          .statement("gy[k] = Math.max(-$L, Math.min($L, y[k] - t[k])) * inv", delta, delta)
          .end();
    }
  }

  /**
   * KL(t || p) where the output is log p (from log_softmax), summed over outputs and averaged
   * over the batch: PyTorch's KLDivLoss(reduction="batchmean"). Zero targets contribute nothing.
   */
  static final class KlDivergence implements LossDef {
    @Override public String name() { return "kl_divergence"; }
    @Override public String doc() { return "KL divergence from targets to exp(output); output is log-probabilities"; }
    @Override public LossKind kind() { return LossKind.KL_DIVERGENCE; }

    @Override
    public void emitValue(LayerCode c, Shape out) {
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("double sum = 0")
          .begin("for (int k = 0; k < n; k++)")
          .begin("if (t[k] > 0f)")
          .statement("sum += t[k] * (Math.log(t[k]) - y[k])")
          .end()
          .end()
          .statement("return sum / batch");
    }

    @Override
    public void emitGradient(LayerCode c, Shape out) {
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("float inv = 1f / batch")
          .begin("for (int k = 0; k < n; k++)")
          .statement("gy[k] = -t[k] * inv")
          .end();
    }
  }
}
