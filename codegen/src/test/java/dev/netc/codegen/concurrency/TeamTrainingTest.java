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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated models on a {@link Team}: the split products give the one-thread gradients up to
 * rounding, the same bits on every run, and {@code Trainer.threads(2)} trains batch-norm models
 * too (the batch is not split, so its statistics are the whole batch's).
 */
class TeamTrainingTest {
  private static final String MLP = Nets.FASHION_MLP;

  private static final String CNN_BN = """
      network CnnBn {
        input image: float[1, 12, 12];
        conv2d(16, kernel: 3, padding: same, bias: false);
        batchnorm;
        relu;
        maxpool(2);
        flatten;
        dense(32, activation: relu);
        dense(3);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void splitProductsGiveTheOneThreadGradientsUpToRoundingAndTheSameBitsEveryTime() {
    for (String source : new String[] {MLP, CNN_BN}) {
      Model model = Nets.model(source);
      model.initialize(3);
      int batch = 32;
      Random r = new Random(1);
      float[] x = new float[batch * model.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextFloat();
      }
      float[] t = new float[batch * model.targetSize()];
      for (int b = 0; b < batch; b++) {
        t[b * model.targetSize() + r.nextInt(model.targetSize())] = 1f;
      }
      Workspace ws = model.newWorkspace(batch);
      double loss1 = model.computeGradients(ws, x, t, batch, false);
      float[] g1 = ws.gradients().clone();
      float[] first;
      try (Team team = Team.start(2).attach()) {
        double loss2 = model.computeGradients(ws, x, t, batch, false);
        assertEquals(loss1, loss2, 1e-5 * Math.abs(loss1));
        first = ws.gradients().clone();
        for (int i = 0; i < 5; i++) {
          model.computeGradients(ws, x, t, batch, false);
          assertArrayEquals(first, ws.gradients(), "the same bits on every run");
        }
      }
      double scale = 0;
      for (float v : g1) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < g1.length; i++) {
        assertEquals(g1[i], first[i], 1e-5 * scale, "gradient " + i);
      }
    }
  }

  @Test
  void twoThreadsTrainABatchNormModelAsWellAsOne() {
    Dataset data = blobs(256);
    double[] accuracy = new double[3];
    for (int threads = 1; threads <= 2; threads++) {
      Model model = Nets.model(CNN_BN);
      model.initialize(5);
      Trainer.builder(model).optimizer(Optimizers.adam(3e-3)).epochs(4).batchSize(32).seed(2)
          .threads(threads).build().fit(data);
      accuracy[threads] = Trainer.evaluate(model, data, 64).accuracy();
    }
    assertTrue(accuracy[2] > 0.9, "two threads learn: " + accuracy[2]);
    assertEquals(accuracy[1], accuracy[2], 0.05);
  }

  /** Three classes of 12x12 images: a bright row band, a bright column band, or noise. */
  private static Dataset blobs(int n) {
    Random r = new Random(7);
    float[] x = new float[n * 144];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      labels[i] = c;
      int at = 2 + r.nextInt(8);
      for (int p = 0; p < 144; p++) {
        float v = 0.3f * r.nextFloat();
        if ((c == 0 && p / 12 == at) || (c == 1 && p % 12 == at)) {
          v += 1f;
        }
        x[i * 144 + p] = v;
      }
    }
    return Dataset.classification(x, 144, labels, 3);
  }
}
