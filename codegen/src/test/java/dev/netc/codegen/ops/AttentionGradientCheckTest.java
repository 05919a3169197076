package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.FiniteDifferenceTests;
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
 * Neither op has a kink, so every seed is usable. The key bias's gradient is exactly zero and is
 * checked as such (see {@link #check}).
 */
@FiniteDifferenceTests
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

  /** The bundled netc/transformer.net block, twice: residual adds around attention and the MLP. */
  @ParameterizedTest(name = "library transformer_block, causal {0}")
  @ValueSource(booleans = {false, true})
  void transformerBlockFromTheLibrary(boolean causal) {
    check("import \"netc/transformer.net\";\nnetwork Blocks {\n  input x: float[4, 6];\n"
        + "  transformer_block(6, 2, 8, " + causal + ");\n  transformer_block(6, 3, 5, " + causal + ");\n"
        + "  loss mse;\n}\n");
  }

  private static void check(String source) {
    Model model = Nets.model(source);
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1, AttentionGradientCheckTest::fill);
    String label = source.lines().filter(l -> l.contains("(") || l.contains("layernorm")).findFirst().orElse("");
    System.out.println(label.strip() + ": " + report);
    assertEquals(model.parameterCount() + BATCH * model.inputSize(), report.elements());
    double worst = 0;
    for (GradCheck.TensorError t : report.tensors()) {
      if (t.tensor().endsWith(".key_bias")) {
        // exactly 0 (the softmax ignores the constant q . bk per row): the finite difference is
        // the loss's float rounding over 2h, up to ~1e-4 for the losses near 20 of the stacked
        // blocks, which the relative error (floor 1e-2) would turn into a false failure
        assertTrue(t.maxAnalytic() < 1e-5 && t.maxNumeric() < 1e-5 * Math.max(1, report.loss()) / H,
            "the key bias gradient is not zero\n" + report);
      } else {
        worst = Math.max(worst, t.error());
      }
    }
    assertTrue(worst <= TOLERANCE, "gradient check failed\n" + report);
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
