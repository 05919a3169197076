package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.LossKind;
import java.util.List;
import java.util.Map;

/**
 * Sigmoid + binary cross-entropy on logits, mean over all elements, stable for any logit: PyTorch's
 * BCEWithLogitsLoss. {@code pos_weight} (one number, or one per output along the last axis as
 * PyTorch broadcasts it) weights the positive term: per element {@code -(pw t log s(z) + (1 - t)
 * log(1 - s(z)))} = {@code softplus(z) (1 + (pw - 1) t) - pw t z}, whose derivative is {@code
 * s(z) (1 + (pw - 1) t) - pw t}.
 */
final class BinaryCrossEntropyLoss implements LossDef {
  static final String POS_WEIGHT = "posWeight";

  @Override public String name() { return "binary_cross_entropy_with_logits"; }
  @Override public String doc() { return "sigmoid + binary cross-entropy on logits, fused and stable"; }
  @Override public LossKind kind() { return LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS; }

  @Override
  public List<ArgSpec> args() {
    return List.of(ArgSpec.optional("pos_weight", new ArgType.FloatListType(0), new double[] {1},
        "weight of the positive term: one number, or one per output along the last axis"));
  }

  @Override
  public boolean check(Shape output, Args args, Diagnostics diags) {
    double[] pw = args.floatListArg("pos_weight");
    int last = LossDef.lastDim(output);
    if (!LossDef.weightsWithinLimit(name(), "pos_weight", args, diags)) {
      return false;
    }
    if (pw.length != 1 && pw.length != last) {
      diags.error(args.pos("pos_weight"), name() + ": pos_weight has " + pw.length + " values but the"
          + " output " + output.describe() + " has " + last + " along its last axis; give one weight"
          + " per output there, or one number for all");
      return false;
    }
    return true;
  }

  @Override
  public Map<String, float[]> constants(Shape output, Args args) {
    double[] pw = args.floatListArg("pos_weight");
    if (pw.length == 1) {
      return Map.of();
    }
    float[] w = new float[pw.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) pw[i];
    }
    return Map.of(POS_WEIGHT, w);
  }

  /** The positive weight of element {@code j} of a row: a folded literal, or the per-output array. */
  private static String posWeight(Args args) {
    double[] pw = args.floatListArg("pos_weight");
    return pw.length == 1 ? LayerCode.f(pw[0]) : POS_WEIGHT + "[j]";
  }

  private static boolean weighted(Args args) {
    double[] pw = args.floatListArg("pos_weight");
    return pw.length > 1 || pw[0] != 1;
  }

  /** Opens the loop over elements: flat, or rows of the last axis when weights vary along it. */
  private static void beginElements(LayerCode c, Shape out) {
    if (c.args().floatListArg("pos_weight").length > 1) {
      int last = LossDef.lastDim(out);
      c.begin("for (int r = 0; r < n; r += $L)", last)
          .begin("for (int j = 0; j < $L; j++)", last)
          .statement("int k = r + j");
    } else {
      c.begin("for (int k = 0; k < n; k++)");
    }
  }

  private static void endElements(LayerCode c) {
    c.end();
    if (c.args().floatListArg("pos_weight").length > 1) {
      c.end();
    }
  }

  @Override
  public void emitValue(LayerCode c, Shape out) {
    c.statement("int n = $L", LayerCode.batchTimes(out.size()))
        .statement("double sum = 0");
    beginElements(c, out);
    c.statement("double z = y[k]")
        .statement("double softplus = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))");
    if (weighted(c.args())) {
      c.statement("float pw = $L", posWeight(c.args()))
          .statement("sum += softplus * (1 + (pw - 1) * t[k]) - pw * t[k] * z");
    } else {
      c.statement("sum += softplus - z * t[k]");
    }
    endElements(c);
    c.statement("return sum / n");
  }

  @Override
  public void emitGradient(LayerCode c, Shape out) {
    c.statement("int n = $L", LayerCode.batchTimes(out.size()))
        .statement("float inv = 1f / n");
    beginElements(c, out);
    if (weighted(c.args())) {
      c.statement("float pw = $L", posWeight(c.args()))
          .statement("gy[k] = ($T.sigmoid(y[k]) * (1 + (pw - 1) * t[k]) - pw * t[k]) * inv", Activation.ACTIVATIONS);
    } else {
      c.statement("gy[k] = ($T.sigmoid(y[k]) - t[k]) * inv", Activation.ACTIVATIONS);
    }
    endElements(c);
  }
}
