package dev.netc.codegen.ops;

import com.squareup.javapoet.ClassName;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.LossKind;
import java.util.List;
import java.util.Map;

/**
 * Softmax then cross-entropy over the last axis, fused, with PyTorch's {@code F.cross_entropy}
 * semantics. Log-sum-exp keeps it finite for any logits, and the value leaves the probabilities
 * in {@code gy}, so the gradient is a few multiply-adds per element.
 *
 * <ul>
 *   <li>{@code targets: distribution} (default): a target distribution per row (one-hot or
 *       soft), as many floats as the output; the mean is over rows.
 *   <li>{@code targets: class_index}: one float per row holding the class index, so a target
 *       example has {@code output size / classes} floats; the generated code checks every index
 *       ({@code ClassTargets.index}: an integer in [0, classes), else an exception naming the
 *       row).
 *   <li>{@code label_smoothing: e}: the target becomes {@code (1 - e) t + e / classes}.
 *   <li>{@code class_weights: [w...]}: each class's term is weighted; with class indices the mean
 *       divides by the sum of the rows' target weights (PyTorch's weighted mean), with
 *       distributions by the number of rows (as PyTorch does for probability targets).
 * </ul>
 *
 * <p>Per row r with probabilities p, effective weighted target q (q_c = w_c times the smoothed
 * target), the loss is {@code -sum_c q_c log p_c} and its gradient {@code p_j sum_c q_c - q_j},
 * both divided by the denominator above. For a class index k the smoothed weighted target is
 * {@code q_c = w_c ((1 - e) [c = k] + e / C)}, so {@code sum_c q_c = (1 - e) w_k + e W / C}
 * with W the sum of the weights, folded at compile time.
 */
final class SoftmaxCrossEntropyLoss implements LossDef {
  static final String DISTRIBUTION = "distribution";
  static final String CLASS_INDEX = "class_index";
  static final String WEIGHTS = "classWeights";
  /** The runtime's check of class-index targets, called once per row. */
  static final ClassName CLASS_TARGETS = ClassName.get("dev.netc.runtime", "ClassTargets");

  @Override public String name() { return "softmax_cross_entropy"; }
  @Override public String doc() { return "softmax + cross-entropy on logits, fused and stable"; }
  @Override public LossKind kind() { return LossKind.SOFTMAX_CROSS_ENTROPY; }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        ArgSpec.optional("targets", ArgType.oneOf(List.of(DISTRIBUTION, CLASS_INDEX)), DISTRIBUTION,
            "what a target row holds: a distribution over the classes, or one float holding the class index"),
        ArgSpec.optional("label_smoothing", new ArgType.FloatType(0, 1, true), 0.0,
            "mixes the targets with the uniform distribution: (1 - e) t + e / classes"),
        ArgSpec.optional("class_weights", new ArgType.FloatListType(0), new double[0],
            "one non-negative weight per class (the output's last axis)"));
  }

  @Override
  public boolean check(Shape output, Args args, Diagnostics diags) {
    int classes = LossDef.lastDim(output);
    boolean ok = checkWeights(output, classes, args, diags);
    if (classIndex(args) && classes < 2) {
      diags.error(args.pos("targets"), name() + ": targets: class_index needs at least 2 classes,"
          + " but the output " + output.describe() + " has 1 on its last axis");
      ok = false;
    }
    return ok;
  }

  /** One weight per class, not all 0, not more than the generated class can hold. */
  private boolean checkWeights(Shape output, int classes, Args args, Diagnostics diags) {
    double[] weights = args.floatListArg("class_weights");
    if (weights.length == 0) {
      return true;
    }
    if (!LossDef.weightsWithinLimit(name(), "class_weights", args, diags)) {
      return false;
    }
    if (weights.length != classes) {
      diags.error(args.pos("class_weights"), name() + ": class_weights has " + weights.length
          + (weights.length == 1 ? " value" : " values") + " but the output " + output.describe()
          + " has " + classes + " classes (its last axis); give one weight per class");
      return false;
    }
    if (java.util.Arrays.stream(weights).allMatch(w -> w == 0)) {
      diags.error(args.pos("class_weights"), name() + ": class_weights are all 0, which leaves"
          + " nothing to learn; give at least one class a positive weight");
      return false;
    }
    return true;
  }

  @Override
  public int targetSize(Shape output, Args args) {
    long size = output.size();
    return Math.toIntExact(classIndex(args) ? size / LossDef.lastDim(output) : size);
  }

  @Override
  public Map<String, float[]> constants(Shape output, Args args) {
    double[] weights = args.floatListArg("class_weights");
    if (weights.length == 0) {
      return Map.of();
    }
    float[] w = new float[weights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) weights[i];
    }
    return Map.of(WEIGHTS, w);
  }

  static boolean classIndex(Args args) {
    return args.enumArg("targets").equals(CLASS_INDEX);
  }

  @Override
  public void emitValue(LayerCode c, Shape out) {
    int classes = LossDef.lastDim(out);
    int positions = Math.toIntExact(out.size() / classes);
    Args args = c.args();
    double eps = args.floatArg("label_smoothing");
    boolean weighted = args.floatListArg("class_weights").length > 0;
    boolean index = classIndex(args);
    c.statement("int rows = $L", LayerCode.batchTimes(positions))
        .statement("double total = 0");
    if (index && weighted) {
      c.statement("double weightSum = 0");
    }
    c.begin("for (int row = 0; row < rows; row++)")
        .statement("int r = row * $L", classes);
    if (index) {
      c.statement("int k = $T.index(t, row, $L, $L)", CLASS_TARGETS, positions, classes);
    }
    c.statement("float max = y[r]")
        .begin("for (int j = r + 1; j < r + $L; j++)", classes).statement("max = Math.max(max, y[j])").end()
        .statement("double sum = 0")
        .begin("for (int j = r; j < r + $L; j++)", classes).statement("sum += Math.exp(y[j] - max)").end()
        .statement("double logSum = max + Math.log(sum)");
    if (index && eps > 0) {
      c.add("// the smoothing term: the (weighted) sum of every class's log-probability\n")
          .statement("double logPSum = 0");
    }
    c.begin("for (int j = r; j < r + $L; j++)", classes)
        .statement("double logP = y[j] - logSum")
        .add("// keep the probabilities for the gradient\n")
        .statement("gy[j] = (float) Math.exp(logP)");
    if (index && eps > 0) {
      if (weighted) {
        c.statement("logPSum += $L[j - r] * logP", WEIGHTS);
      } else {
        c.statement("logPSum += logP");
      }
    } else if (!index) {
      c.statement("float q = $L", target(eps, weighted, classes))
          .begin("if (q != 0f)").statement("total -= q * logP").end();
    }
    c.end();
    if (index) {
      String w = weighted ? WEIGHTS + "[k]" : null;
      String hit = "(y[r + k] - logSum)";
      String scaledHit = w == null ? hit : w + " * " + hit;
      if (eps > 0) {
        c.statement("total -= $L * $L + $L * logPSum", LayerCode.f(1 - eps), scaledHit, LayerCode.f(eps / classes));
      } else {
        c.statement("total -= $L", scaledHit);
      }
      if (weighted) {
        c.statement("weightSum += $L", w);
      }
    }
    c.end().statement(index && weighted ? "return total / weightSum" : "return total / rows");
  }

  /** The effective target of element j of row r, smoothed then weighted: a product or a parenthesized sum. */
  private static String target(double eps, boolean weighted, int classes) {
    String t = eps > 0 ? "(t[j] * " + LayerCode.f(1 - eps) + " + " + LayerCode.f(eps / classes) + ")" : "t[j]";
    return weighted ? WEIGHTS + "[j - r] * " + t : t;
  }

  @Override
  public void emitGradient(LayerCode c, Shape out) {
    int classes = LossDef.lastDim(out);
    int positions = Math.toIntExact(out.size() / classes);
    Args args = c.args();
    double eps = args.floatArg("label_smoothing");
    double[] weights = args.floatListArg("class_weights");
    boolean weighted = weights.length > 0;
    c.add("// gy holds softmax(y) from the loss value\n")
        .statement("int rows = $L", LayerCode.batchTimes(positions));
    if (!classIndex(args)) {
      c.statement("float inv = 1f / rows")
          .begin("for (int r = 0; r < rows * $L; r += $L)", classes, classes)
          .statement("float qsum = 0f")
          .begin("for (int j = r; j < r + $L; j++)", classes).statement("qsum += $L", target(eps, weighted, classes)).end()
          .begin("for (int j = r; j < r + $L; j++)", classes)
          .statement("gy[j] = (gy[j] * qsum - $L) * inv", target(eps, weighted, classes))
          .end()
          .end();
      return;
    }
    if (weighted) {
      c.add("// PyTorch's weighted mean: divide by the summed weights of the rows' classes\n")
          .statement("double weightSum = 0")
          .begin("for (int row = 0; row < rows; row++)")
          .statement("weightSum += $L[(int) t[row]]", WEIGHTS)
          .end()
          .statement("float inv = (float) (1 / weightSum)");
    } else {
      c.statement("float inv = 1f / rows");
    }
    double weightTotal = 0;
    for (double w : weights) {
      weightTotal += (float) w;
    }
    c.begin("for (int row = 0; row < rows; row++)")
        .statement("int r = row * $L", classes)
        .add("// the class index was checked by the loss value\n")
        .statement("int k = (int) t[row]");
    String hit = LayerCode.f(1 - eps);
    String spread = LayerCode.f(eps / classes);
    if (eps > 0 && weighted) {
      // q_j = (1 - e) w_k [j = k] + e w_j / C, and sum_c q_c = (1 - e) w_k + e W / C
      c.statement("float qsum = $L * $L[k] + $L", hit, WEIGHTS, LayerCode.f(eps * weightTotal / classes))
          .begin("for (int j = r; j < r + $L; j++)", classes)
          .statement("gy[j] = (gy[j] * qsum - $L * $L[j - r]) * inv", spread, WEIGHTS)
          .end()
          .statement("gy[r + k] -= $L * $L[k] * inv", hit, WEIGHTS);
    } else if (eps > 0) {
      // q_j = (1 - e) [j = k] + e / C, summing to 1
      c.begin("for (int j = r; j < r + $L; j++)", classes)
          .statement("gy[j] = (gy[j] - $L) * inv", spread)
          .end()
          .statement("gy[r + k] -= $L * inv", hit);
    } else {
      // q is w_k at the target class and 0 elsewhere: gy = w_k (p - [j = k]) / denominator
      String scale = "inv";
      if (weighted) {
        c.statement("float scale = $L[k] * inv", WEIGHTS);
        scale = "scale";
      }
      c.begin("for (int j = r; j < r + $L; j++)", classes)
          .statement("gy[j] *= $L", scale)
          .end()
          .statement("gy[r + k] -= $L", scale);
    }
    c.end();
  }

}
