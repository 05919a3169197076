package dev.netc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hand-derived backward of the test model agrees with central finite differences. */
class LinearModelTest {

  @Test
  void mseGradientMatchesFiniteDifferences() {
    check(new LinearModel("Lin", 3, 2, LossKind.MSE), new float[] {0.3f, -1.2f, 0.5f, 1.5f, -0.7f, 0.4f});
  }

  @Test
  void softmaxCrossEntropyGradientMatchesFiniteDifferences() {
    check(
        new LinearModel("Soft", 3, 2, LossKind.SOFTMAX_CROSS_ENTROPY),
        new float[] {1, 0, 0.25f, 0.75f});
  }

  private static void check(LinearModel m, float[] targetOrNull) {
    m.initialize(3);
    float[] p = m.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += 0.1f * (i % 3);
    }
    int batch = 2;
    float[] x = {0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f};
    float[] t =
        m.loss() == LossKind.MSE ? new float[] {0.3f, -1.2f, 0.5f, 1.5f} : targetOrNull;
    Workspace ws = m.newWorkspace(batch);
    m.computeGradients(ws, x, t, batch, true);
    float[] g = ws.gradients().clone();
    float[] dx = ws.inputGradient().clone();
    double h = 1e-2;
    for (int i = 0; i < p.length; i++) {
      float keep = p[i];
      p[i] = (float) (keep + h);
      double up = m.computeLoss(ws, x, t, batch);
      p[i] = (float) (keep - h);
      double down = m.computeLoss(ws, x, t, batch);
      p[i] = keep;
      assertEquals((up - down) / (2 * h), g[i], 2e-3, "d/dparam " + i);
    }
    for (int i = 0; i < x.length; i++) {
      float keep = x[i];
      x[i] = (float) (keep + h);
      double up = m.computeLoss(ws, x, t, batch);
      x[i] = (float) (keep - h);
      double down = m.computeLoss(ws, x, t, batch);
      x[i] = keep;
      assertEquals((up - down) / (2 * h), dx[i], 2e-3, "d/dx " + i);
    }
  }
}
