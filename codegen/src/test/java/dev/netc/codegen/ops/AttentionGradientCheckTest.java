package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code layernorm} and {@code multi_head_attention} backward passes against central finite
 * differences of the generated forward pass: every parameter and input element, batch 2, with
 * the step and tolerance of {@link GradientCheckTest} (h = 1e-2, relative error at most 1e-3).
 * Neither op has a kink, so every seed is usable.
 */
class AttentionGradientCheckTest {
  static final int BATCH = 2;
  static final double H = 1e-2;
  static final double TOLERANCE = 1e-3;

  @ParameterizedTest(name = "layernorm on {0}")
  @CsvSource(delimiter = '|', value = {
      "[6]|layernorm",
      "[4, 5]|layernorm",
      "[4, 5]|layernorm(axes: [0, 1], eps: 1e-3)",
      "[2, 3, 4]|layernorm(axes: [1, 2])",
      "[2, 3, 4]|layernorm(axes: [0, 1, 2])",
      "[3, 1]|layernorm(axes: [1], eps: 0.5)",
  })
  void layernorm(String shape, String call) {
    // a dense layer after it: the loss of a normalized row alone is blind to its mean and scale
    check("network Ln {\n  input x: float" + shape + ";\n  " + call + ";\n  flatten;\n  dense(3, activation: tanh);\n"
        + "  loss mse;\n}\n");
  }

  @ParameterizedTest(name = "multi_head_attention({0}) on [{1}, {2}]")
  @CsvSource(delimiter = '|', value = {
      "heads: 1|5|4",
      "heads: 2|5|4",
      "heads: 2, causal: true|5|4",
      "heads: 3, key_dim: 2|4|5",
      "heads: 3, key_dim: 2, causal: true|4|5",
      "heads: 1, causal: true|1|3",
      "heads: 4, key_dim: 1|3|2",
  })
  void attention(String args, int steps, int width) {
    check("network Mha {\n  input x: float[" + steps + ", " + width + "];\n  multi_head_attention(" + args + ");\n"
        + "  time_dense(2, activation: tanh);\n  loss mse;\n}\n");
  }

  @ParameterizedTest(name = "pre-norm block, causal {0}")
  @ValueSource(booleans = {false, true})
  void layernormThenAttention(boolean causal) {
    check("network Block {\n  input x: float[6, 4];\n  layernorm;\n  multi_head_attention(2, causal: " + causal
        + ");\n  layernorm(axes: [0, 1]);\n  time_dense(3);\n  loss mse;\n}\n");
  }

  private static void check(String source) {
    Model model = Nets.model(source);
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1, AttentionGradientCheckTest::fill);
    System.out.println(source.lines().skip(2).findFirst().orElse("").strip() + ": " + report);
    assertEquals(model.parameterCount() + BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= TOLERANCE, "gradient check failed\n" + report);
  }

  /** Gaussian inputs and targets; parameters from their initializers plus N(0, 0.3²), so gamma and biases vary. */
  private static void fill(Random random, float[] x, float[] t, Model model) {
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) random.nextGaussian();
    }
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.3 * random.nextGaussian());
    }
  }
}
