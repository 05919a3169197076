package dev.netc.codegen.ops;

import dev.netc.codegen.base.Shape;
import dev.netc.runtime.LossKind;
import java.util.LinkedHashMap;
import java.util.Map;

/** The loss catalogue. Each loss is a few lines: value and gradient together. */
public final class Losses {
  private Losses() {}

  private static final Map<String, LossDef> BY_NAME = new LinkedHashMap<>();

  static {
    register(new Mse());
    register(new SoftmaxCrossEntropy());
    register(new BinaryCrossEntropyWithLogits());
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

  /**
   * Softmax then cross-entropy against target distributions, fused: log-sum-exp keeps it finite
   * for any logits and the gradient is simply softmax * sum(t) - t. Mean over rows.
   */
  static final class SoftmaxCrossEntropy implements LossDef {
    @Override public String name() { return "softmax_cross_entropy"; }
    @Override public String doc() { return "softmax + cross-entropy on logits, fused and stable"; }
    @Override public LossKind kind() { return LossKind.SOFTMAX_CROSS_ENTROPY; }

    @Override
    public void emitValue(LayerCode c, Shape out) {
      int classes = LossDef.lastDim(out);
      c.statement("int rows = $L", LayerCode.batchTimes(out.size() / classes))
          .statement("double total = 0")
          .begin("for (int r = 0; r < rows * $L; r += $L)", classes, classes)
          .statement("float max = y[r]")
          .begin("for (int j = r + 1; j < r + $L; j++)", classes).statement("max = Math.max(max, y[j])").end()
          .statement("double sum = 0")
          .begin("for (int j = r; j < r + $L; j++)", classes).statement("sum += Math.exp(y[j] - max)").end()
          .statement("double logSum = max + Math.log(sum)")
          .begin("for (int j = r; j < r + $L; j++)", classes)
          .statement("double logP = y[j] - logSum")
          .add("// keep the probabilities for the gradient\n")
          .statement("gy[j] = (float) Math.exp(logP)")
          .begin("if (t[j] != 0f)").statement("total -= t[j] * logP").end()
          .end()
          .end()
          .statement("return total / rows");
    }

    @Override
    public void emitGradient(LayerCode c, Shape out) {
      int classes = LossDef.lastDim(out);
      c.add("// gy holds softmax(y) from the loss value\n")
          .statement("int rows = $L", LayerCode.batchTimes(out.size() / classes))
          .statement("float inv = 1f / rows")
          .begin("for (int r = 0; r < rows * $L; r += $L)", classes, classes)
          .statement("float tsum = 0f")
          .begin("for (int j = r; j < r + $L; j++)", classes).statement("tsum += t[j]").end()
          .begin("for (int j = r; j < r + $L; j++)", classes)
          .statement("gy[j] = (gy[j] * tsum - t[j]) * inv")
          .end()
          .end();
    }
  }

  /** Sigmoid + binary cross-entropy on logits, mean over all elements, stable for any logit. */
  static final class BinaryCrossEntropyWithLogits implements LossDef {
    @Override public String name() { return "binary_cross_entropy_with_logits"; }
    @Override public String doc() { return "sigmoid + binary cross-entropy on logits, fused and stable"; }
    @Override public LossKind kind() { return LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS; }

    @Override
    public void emitValue(LayerCode c, Shape out) {
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("double sum = 0")
          .begin("for (int k = 0; k < n; k++)")
          .statement("double z = y[k]")
          .statement("sum += Math.max(z, 0) - z * t[k] + Math.log1p(Math.exp(-Math.abs(z)))")
          .end()
          .statement("return sum / n");
    }

    @Override
    public void emitGradient(LayerCode c, Shape out) {
      c.statement("int n = $L", LayerCode.batchTimes(out.size()))
          .statement("float inv = 1f / n")
          .begin("for (int k = 0; k < n; k++)")
          .statement("gy[k] = ($T.sigmoid(y[k]) - t[k]) * inv", Activation.ACTIVATIONS)
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
