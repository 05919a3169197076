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
 * optimizer) of the FashionRnn network (gru(128) on [28, 28], dense(10)) for a batch of 32, and
 * the implied epoch time for 60,000 images. No timed assertion.
 */
@EnabledIfSystemProperty(named = "netc.timing", matches = "true")
class RecurrentTimingTest {
  static final String FASHION_RNN = """
      network FashionRnn {
        input image: float[28, 28];
        gru(128);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  static final String LSTM = """
      network Lstm {
        input image: float[28, 28];
        lstm(128);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void fashionGru() {
    time("fashion-rnn gru(128)", FASHION_RNN);
  }

  @Test
  void fashionLstm() {
    time("fashion lstm(128)", LSTM);
  }

  static void time(String what, String source) {
    Model model = Nets.model(source);
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
      int n = 20;
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
    System.out.printf(Locale.ROOT, "%s, batch 32: forward+backward %.2f ms (forward %.2f ms),"
        + " %.0f s per 60,000 images (best of 8 rounds)%n", what, best, bestForward, best * 60000 / batch / 1000);
  }
}
