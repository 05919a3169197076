package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference checks of conv1d, conv2d, conv_transpose2d, maxpool, avgpool, global_avgpool and
 * global_maxpool: every argument combination that changes the generated code path (stride,
 * padding valid/same/explicit, dilation, channel groups and depthwise, bias off, fused activation with and without a kept
 * pre-activation, the 1x1 direct path, 1d and 2d pools with overlapping windows and padding),
 * each at the network input (optional input gradient) and after another layer. Same tolerance,
 * step and batch as {@link GradientCheckTest}; {@link GradCheck} retries a seed when a relu
 * pre-activation or a max-pool maximum moves within the step.
 */
@FiniteDifferenceTests
class ConvGradientCheckTest {
  static final int BATCH = 3;
  static final double H = 1e-2;
  static final double TOLERANCE = 1e-3;

  private static final Map<String, Double> WORST = new TreeMap<>();

  @AfterAll
  static void printWorst() {
    StringBuilder s = new StringBuilder("worst relative gradient error per conv/pool case (tolerance "
        + TOLERANCE + "):\n");
    WORST.forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-70s %.2e%n", k, v)));
    System.out.print(s);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', value = {
      // conv2d
      "conv2d(3)                                                       | 2, 5, 5",
      "conv2d(3, kernel: [3, 2])                                       | 2, 5, 4",
      "conv2d(3, kernel: 3, stride: 2)                                 | 2, 7, 7",
      "conv2d(3, kernel: 3, stride: [2, 1])                            | 2, 6, 5",
      "conv2d(3, kernel: 3, padding: same)                             | 2, 5, 5",
      "conv2d(3, kernel: 4, padding: same)                             | 1, 5, 6",
      "conv2d(3, kernel: 3, stride: 2, padding: same)                  | 2, 6, 6",
      "conv2d(2, kernel: 3, padding: [1, 2])                           | 2, 4, 4",
      "conv2d(2, kernel: 3, stride: 2, padding: 1)                     | 2, 5, 5",
      "conv2d(3, kernel: 3, dilation: 2)                               | 2, 6, 6",
      "conv2d(3, kernel: 3, dilation: [1, 2], padding: same)           | 2, 5, 5",
      "conv2d(5, kernel: 2, bias: false)                               | 3, 4, 4",
      "conv2d(3, kernel: 3, activation: relu)                          | 2, 5, 5",
      "conv2d(3, kernel: 3, activation: tanh, padding: same)           | 2, 4, 4",
      "conv2d(3, kernel: 3, activation: gelu)                          | 2, 5, 5",
      "conv2d(6, kernel: 1)                                            | 3, 3, 3",
      "conv2d(6, kernel: 1, activation: silu, bias: false)             | 3, 3, 3",
      "conv2d(4, kernel: 3, activation: tanh); conv2d(5, kernel: 2)    | 2, 5, 5",
      "conv2d(3, kernel: 3, padding: same, activation: elu); conv2d(2, kernel: 1) | 2, 4, 4",
      // channel groups: groups 2 with stride and padding, depthwise, depthwise with 2 filters per channel
      "conv2d(6, kernel: 3, stride: 2, padding: 1, groups: 2)           | 4, 7, 7",
      "conv2d(4, kernel: [3, 2], padding: same, groups: 2, activation: relu) | 2, 5, 5",
      "conv2d(3, kernel: 3, groups: 3, activation: tanh)               | 3, 5, 5",
      "conv2d(6, kernel: 3, stride: 2, padding: [1, 1], groups: 3, bias: false) | 3, 6, 6",
      "conv2d(4, kernel: 3, activation: tanh); conv2d(4, kernel: 3, padding: same, groups: 4) | 2, 6, 6",
      "conv2d(6, kernel: 1, groups: 3)                                 | 3, 3, 3",
      "conv1d(4, kernel: 3, stride: 2, padding: same, groups: 2)       | 2, 9",
      // conv_transpose2d: overlapping windows, kernel below the stride, output_padding, after and before a conv
      "conv_transpose2d(2, kernel: 3, stride: 2, padding: 1, output_padding: 1) | 2, 3, 3",
      "conv_transpose2d(3, kernel: [2, 3], stride: [1, 2], activation: tanh) | 2, 3, 3",
      "conv_transpose2d(2, kernel: 2, stride: 3, output_padding: 1, bias: false, activation: elu) | 2, 2, 3",
      "conv2d(3, kernel: 3, activation: tanh); conv_transpose2d(2, kernel: 3, stride: 2, padding: 1) | 2, 5, 5",
      "conv_transpose2d(3, kernel: 3, activation: gelu); conv2d(2, kernel: 3, stride: 2) | 2, 3, 3",
      // conv1d
      "conv1d(3)                                                       | 2, 8",
      "conv1d(3, kernel: 4, stride: 2, padding: same)                  | 2, 9",
      "conv1d(3, kernel: 3, dilation: 2, padding: [2])                 | 2, 7",
      "conv1d(4, kernel: 2, bias: false, activation: relu)             | 3, 6",
      "conv1d(4, kernel: 1)                                            | 3, 5",
      "conv1d(3, kernel: 3, activation: tanh); conv1d(2, kernel: 2, stride: 2) | 2, 9",
      // pools, 2d
      "maxpool                                                         | 2, 4, 4",
      "maxpool(2); conv2d(2, kernel: 2, activation: relu); maxpool(2)  | 1, 6, 6",
      "maxpool(3, stride: 2)                                           | 2, 7, 7",
      "maxpool([2, 3], stride: [1, 2])                                 | 2, 4, 5",
      "maxpool(2, padding: same)                                       | 2, 5, 5",
      "maxpool(3, stride: 2, padding: [1, 1])                          | 2, 5, 6",
      "avgpool                                                         | 2, 4, 4",
      "avgpool(3, stride: 2)                                           | 2, 7, 7",
      "avgpool(2, padding: same)                                       | 2, 5, 5",
      "avgpool(3, stride: 1, padding: 1)                               | 2, 4, 4",
      // pools, 1d
      "maxpool(2)                                                      | 2, 8",
      "maxpool(3, stride: 2, padding: same)                            | 2, 8",
      "avgpool(3, stride: 2, padding: [1])                             | 2, 7",
      // global pools
      "global_avgpool                                                  | 3, 4, 4",
      "global_maxpool                                                  | 3, 4, 4",
      "global_avgpool                                                  | 3, 6",
      "global_maxpool                                                  | 3, 6",
      // after a conv: the pool's input gradient feeds the conv's backward
      "conv2d(3, kernel: 3, activation: tanh); maxpool(2, stride: 1)   | 2, 5, 5",
      "conv2d(3, kernel: 2, activation: tanh); avgpool(2, padding: same) | 2, 5, 5",
      "conv1d(3, kernel: 2, activation: tanh); global_maxpool          | 2, 6",
      "conv2d(3, kernel: 2, activation: relu); global_avgpool          | 2, 4, 4",
      // the fashion-cnn shape in small
      "conv2d(2, kernel: 2, activation: relu); maxpool(2); conv2d(3, kernel: 2, activation: tanh); maxpool(2) | 1, 7, 7"})
  void gradientMatchesFiniteDifferences(String layers, String inputShape) {
    String source = """
        network GradNet {
          input x: float[%s];
          %s;
          flatten;
          dense(3);
          loss mse;
        }
        """.formatted(inputShape, layers.trim());
    Model model = Nets.model(source);
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1, ConvGradientCheckTest::fill);
    String label = layers.trim() + " on [" + inputShape + "]";
    System.out.println(label + ": " + report);
    synchronized (WORST) {
      WORST.merge(label, report.worst(), Math::max);
    }
    assertEquals(model.parameterCount() + BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= TOLERANCE, label + ": gradient check failed\n" + report);
  }

  /** Inputs with |x| in [0.2, 1.5], parameters from their initializer plus N(0, 0.1²), Gaussian targets. */
  static void fill(Random random, float[] x, float[] t, Model model) {
    for (int i = 0; i < x.length; i++) {
      float mag = 0.2f + 1.3f * random.nextFloat();
      x[i] = random.nextBoolean() ? mag : -mag;
    }
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.1 * random.nextGaussian());
    }
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) random.nextGaussian();
    }
  }
}
