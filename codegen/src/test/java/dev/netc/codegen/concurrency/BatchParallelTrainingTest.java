package dev.netc.codegen.concurrency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.kernels.Team;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.Trainer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Training passes split by examples on a two-thread {@link Team}: a CNN whose parameters are few
 * for its work gets the one-thread gradient, loss, outputs and input gradient up to rounding, the
 * same bits on every run, and trains through {@code Trainer.threads(2)}; an MLP whose gradient
 * is large for its work keeps the whole batch on one pass with its products shared.
 */
class BatchParallelTrainingTest {
  private static final String CNN = """
      network SmallCnn {
        input image: float[1, 20, 20];
        conv2d(8, kernel: 5, activation: relu);
        maxpool(2);
        flatten;
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void aSplitTrainingPassGivesTheOneThreadGradientUpToRoundingAndTheSameBitsEveryTime() {
    Model model = Nets.model(CNN);
    model.initialize(3);
    int batch = 33; // halves of 16 and 17 examples, weighted 16/33 and 17/33
    float[] x = inputs(model, batch, 1);
    float[] t = targets(model, batch, 2);
    Workspace ws = model.newWorkspace(batch);
    double loss1 = model.computeGradients(ws, x, t, batch, true);
    float[] g1 = ws.gradients().clone();
    float[] out1 = Arrays.copyOf(model.lastOutput(ws), batch * model.outputSize());
    float[] gx1 = Arrays.copyOf(ws.inputGradient(), batch * model.inputSize());

    Workspace shared = model.newWorkspace(batch);
    float[] first;
    try (Team team = Team.start(2).attach()) {
      long jobs = team.jobs();
      double loss2 = model.computeGradients(shared, x, t, batch, true);
      assertEquals(jobs + 1, team.jobs(), "one job: the two halves, no product split inside");
      assertEquals(loss1, loss2, 1e-6 * Math.abs(loss1), "the batch's mean loss");
      first = shared.gradients().clone();
      close(out1, Arrays.copyOf(model.lastOutput(shared), out1.length), "outputs");
      close(gx1, Arrays.copyOf(shared.inputGradient(), gx1.length), "input gradient");
      for (int i = 0; i < 5; i++) {
        model.computeGradients(shared, x, t, batch, true);
        assertArrayEquals(first, shared.gradients(), "the same bits on every run");
      }
    }
    close(g1, first, "gradient");
  }

  @Test
  void aModelWithALargeGradientForItsWorkIsNotSplitByExamples() {
    // 784 -> 128 -> 10 at batch 32: each thread would write and combine a 400 KB gradient for
    // 16 examples' work; the team shares its products instead (several jobs per pass)
    Model model = Nets.model(Nets.FASHION_MLP);
    model.initialize(3);
    int batch = 32;
    float[] x = inputs(model, batch, 3);
    float[] t = targets(model, batch, 4);
    Workspace ws = model.newWorkspace(batch);
    try (Team team = Team.start(2).attach()) {
      long jobs = team.jobs();
      model.computeGradients(ws, x, t, batch, false);
      assertTrue(team.jobs() - jobs >= 2, "products shared: " + (team.jobs() - jobs) + " jobs");
    }
  }

  @Test
  void twoThreadsTrainTheCnnAsWellAsOne() {
    Dataset data = data(512);
    double[] accuracy = new double[2];
    for (int threads = 1; threads <= 2; threads++) {
      Model model = Nets.model(CNN);
      model.initialize(7);
      Trainer.builder(model).optimizer(Optimizers.sgd(0.05)).batchSize(32).epochs(4).seed(1)
          .threads(threads).build().fit(data);
      accuracy[threads - 1] = Trainer.evaluate(model, data, 64).accuracy();
    }
    assertTrue(accuracy[0] > 0.9, "one thread learns the classes: " + accuracy[0]);
    assertEquals(accuracy[0], accuracy[1], 0.05, "two threads learn them as well");
  }

  /** Ten classes, each a bright square at its own place on a noisy image. */
  private static Dataset data(int n) {
    Random r = new Random(11);
    float[] x = new float[n * 400];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % 10;
      for (int p = 0; p < 400; p++) {
        x[i * 400 + p] = 0.2f * r.nextFloat();
      }
      int top = 2 + (c / 5) * 9;
      int left = 1 + (c % 5) * 4;
      for (int dy = 0; dy < 4; dy++) {
        for (int dx = 0; dx < 3; dx++) {
          x[i * 400 + (top + dy) * 20 + left + dx] += 1f;
        }
      }
      labels[i] = c;
    }
    return Dataset.classification(x, 400, labels, 10);
  }

  private static void close(float[] expected, float[] actual, String what) {
    double scale = 0;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * scale, what + " " + i);
    }
  }

  private static float[] inputs(Model model, int batch, long seed) {
    Random r = new Random(seed);
    float[] x = new float[batch * model.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() < 0.5f ? 0f : r.nextFloat();
    }
    return x;
  }

  private static float[] targets(Model model, int batch, long seed) {
    Random r = new Random(seed);
    float[] t = new float[batch * model.targetSize()];
    for (int b = 0; b < batch; b++) {
      t[b * model.targetSize() + r.nextInt(model.targetSize())] = 1f;
    }
    return t;
  }
}
