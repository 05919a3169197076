package dev.netc.codegen.graph;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Graph networks against central finite differences: a value read by three layers (fan-out), a
 * diamond, a value merged with itself, per-channel broadcasts, several inputs and several outputs
 * with weighted losses. Every parameter and every input element is checked (batch 3, step 1e-2,
 * tolerance 1e-3 as in {@code GradientCheckTest}, whose comment explains the numbers).
 */
@FiniteDifferenceTests
class GraphGradientCheckTest {
  static final int BATCH = 3;
  static final double H = 1e-2;
  static final double TOLERANCE = 1e-3;

  static final String FAN_OUT = """
      network FanOut {
        input x: float[4];
        h = dense(5, activation: tanh);
        a = dense(h, 3, activation: tanh);
        b = dense(h, 3, activation: sigmoid);
        c = dense(h, 3);
        s = add(a, b, c);
        loss mse;
      }
      """;

  static final String DIAMOND = """
      network Diamond {
        input x: float[4];
        h = dense(6, activation: tanh);
        left = dense(h, 3, activation: tanh);
        right = dense(h, 2, activation: sigmoid);
        joined = concat(left, right);
        out = dense(joined, 2);
        loss mse;
      }
      """;

  static final String SELF_MERGE = """
      network SelfMerge {
        input x: float[4];
        h = dense(3, activation: tanh);
        twice = add(h, h);
        squared = mul(twice, h);
        projected = dense(x, 3);
        diff = sub(squared, projected);
        loss mse;
      }
      """;

  static final String RESIDUAL = """
      network Residual {
        input image: float[2, 5, 5];
        stem = conv2d(3, kernel: 3, padding: same, activation: tanh);
        branch = conv2d(stem, 3, kernel: 3, padding: same) -> batchnorm;
        sum = add(branch, stem) -> tanh;
        pooled = global_avgpool(sum);
        gate = dense(pooled, 3, activation: sigmoid);
        scaled = mul(sum, gate);
        shifted = sub(scaled, pooled);
        flatten(shifted) -> dense(2);
        loss mse;
      }
      """;

  static final String TWO_INPUTS = """
      network TwoInputs {
        input image: float[2, 4, 4];
        input meta: float[3];
        features = conv2d(image, 2, kernel: 3, activation: tanh) -> flatten;
        m = dense(meta, 4, activation: tanh);
        joined = concat(features, m);
        dense(2);
        loss mse;
      }
      """;

  static final String TWO_OUTPUTS = """
      network TwoHeads {
        input x: float[4];
        h = dense(6, activation: tanh);
        main = dense(h, 3);
        aux = dense(h, 2, activation: tanh);
        output main, aux;
        loss softmax_cross_entropy(main);
        loss mse(aux, weight: 0.1);
      }
      """;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"FAN_OUT", "DIAMOND", "SELF_MERGE", "RESIDUAL", "TWO_INPUTS", "TWO_OUTPUTS"})
  void backwardMatchesFiniteDifferences(String which) throws Exception {
    String source = (String) GraphGradientCheckTest.class.getDeclaredField(which).get(null);
    Model model = Nets.model(source);
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1, (random, x, t, m) -> {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) ((0.2 + 1.3 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1));
      }
      for (int i = 0; i < t.length; i++) {
        t[i] = (float) random.nextDouble();
      }
    });
    System.out.print(which + ": " + report);
    assertTrue(report.worst() < TOLERANCE, which + ": " + report);
  }
}
