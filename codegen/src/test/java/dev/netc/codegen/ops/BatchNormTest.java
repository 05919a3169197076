package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * batchnorm: the training-mode backward pass against finite differences (gradients flow through
 * the batch mean and variance), and the statistics against values computed here by hand.
 */
@FiniteDifferenceTests
class BatchNormTest {

  /** Same tolerance and step as {@link GradientCheckTest}. */
  static final double TOLERANCE = 1e-3;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      // per feature after dense (BatchNorm1d), then per channel of [C, H, W] (BatchNorm2d)
      "input x: float[4]; dense(5, activation: tanh); batchnorm; dense(3, activation: tanh);",
      "input x: float[2, 3, 3]; batchnorm(momentum: 0.3, eps: 0.001); flatten; dense(3, activation: tanh);",
      "input x: float[3, 4]; batchnorm; tanh; flatten; dense(2);"})
  void trainingModeBackwardMatchesFiniteDifferences(String body) {
    Model model = Nets.model("network Bn { " + body + " loss mse; }");
    GradCheck.Report report = GradCheck.withData(model, 4, 1e-2, 1, BatchNormTest::fill);
    System.out.println("batchnorm " + body + ": " + report);
    assertEquals(model.parameterCount() + 4 * model.inputSize(), report.elements());
    assertTrue(report.worst() <= TOLERANCE, report.toString());
  }

  private static void fill(Random random, float[] x, float[] t, Model model) {
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) random.nextGaussian();
    }
    float[] p = model.parameters();
    for (ParameterInfo info : model.parameterInfo()) {
      if (info.trainable()) {
        for (int i = info.offset(); i < info.offset() + info.size(); i++) {
          p[i] += (float) (0.1 * random.nextGaussian());
        }
      }
    }
  }

  @Test
  void normalizesWithBatchStatisticsAndTracksRunningStatistics() {
    Model model = Nets.model("network Bn { input x: float[2]; batchnorm(momentum: 0.5); loss mse; }");
    model.initialize(1);
    // feature 0 takes 1, 3 (mean 2, biased var 1); feature 1 takes 0, 0 (var 0)
    float[] x = {1, 0, 3, 0};
    Workspace ws = model.newWorkspace(2);
    float[] y = new float[4];
    model.forward(ws, x, y, 2, true);
    float expected0 = (float) (-1 / Math.sqrt(1 + 1e-5));
    assertArrayEquals(new float[] {expected0, 0, -expected0, 0}, y, 1e-6f);
    float[] p = model.parameters();
    ParameterInfo mean = info(model, "batchnorm_1.running_mean");
    ParameterInfo var = info(model, "batchnorm_1.running_var");
    assertEquals(1f, p[mean.offset()], 1e-6f, "0.5 * 0 + 0.5 * 2");
    assertEquals(1.5f, p[var.offset()], 1e-6f, "0.5 * 1 + 0.5 * unbiased 2");
    assertTrue(!mean.trainable() && !var.trainable());

    // inference uses the running statistics, not the batch's
    model.forward(ws, new float[] {1, 0}, y, 1, false);
    assertEquals((float) ((1 - 1) / Math.sqrt(1.5 + 1e-5)), y[0], 1e-6f);
  }

  private static ParameterInfo info(Model model, String name) {
    return model.parameterInfo().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }
}
