package dev.netc.codegen.ops;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a measurement, run on demand with {@code -Dnetc.timing=true} (pin to one core with
 * {@code taskset -c 0}). Prints the time of one training step's forward + backward pass (no
 * optimizer) of the fashion-cnn network for a batch of 32, and the implied epoch time for 60,000
 * images. No timed assertion.
 */
@EnabledIfSystemProperty(named = "netc.timing", matches = "true")
class ConvTimingTest {
  static final String CNN = """
      network Cnn {
        input image: float[1, 28, 28];
        conv2d(32, kernel: 3, activation: relu);
        maxpool(2);
        conv2d(64, kernel: 3, activation: relu);
        maxpool(2);
        flatten;
        dense(128, activation: relu);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void im2colAndMatmul() {
    ConvOp.directLoops = false;
    time("im2col + matmul");
  }

  @Test
  void directLoops() {
    ConvOp.directLoops = true;
    try {
      time("direct loops");
    } finally {
      ConvOp.directLoops = false;
    }
  }

  static void time(String strategy) {
    Model model = Nets.model(CNN);
    model.initialize(1);
    int batch = 32;
    Random random = new Random(1);
    float[] x = new float[batch * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() < 0.5f ? 0f : random.nextFloat(); // about half of a Fashion-MNIST image is 0
    }
    float[] t = new float[batch * 10];
    for (int b = 0; b < batch; b++) {
      t[b * 10 + random.nextInt(10)] = 1f;
    }
    Workspace ws = model.newWorkspace(batch);
    double best = Double.MAX_VALUE;
    double bestForward = Double.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      int n = 40;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        model.computeGradients(ws, x, t, batch, false);
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e6 / n);
      start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        model.computeLoss(ws, x, t, batch);
      }
      bestForward = Math.min(bestForward, (System.nanoTime() - start) / 1e6 / n);
    }
    System.out.printf(Locale.ROOT, "fashion-cnn %s, batch 32: forward+backward %.2f ms (forward %.2f ms),"
        + " %.0f s per 60,000 images (best of 8 rounds)%n", strategy, best, bestForward, best * 60000 / batch / 1000);
  }
}
