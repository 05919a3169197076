package dev.netc.codegen.testing;

import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import java.util.Locale;
import java.util.Random;

/**
 * For the on-demand timing tests (enabled with {@code -Dnetc.timing=true}, never asserted): prints
 * the best time of one batch-32 training step (forward + backward, no optimizer) and of the
 * forward pass alone of a network on Fashion-MNIST-shaped input, and the implied seconds per
 * 60,000 images.
 */
public final class StepTiming {
  private StepTiming() {}

  public static void print(String what, String source) {
    print(what, source, KernelPolicy.AUTO);
  }

  /** As {@link #print(String, String)}, with the layers' kernels chosen by {@code kernels}. */
  public static void print(String what, String source, KernelPolicy kernels) {
    Model model = Nets.compile(source, kernels).model();
    model.initialize(1);
    int batch = 32;
    Random random = new Random(1);
    float[] x = new float[batch * model.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() < 0.5f ? 0f : random.nextFloat(); // about half of a Fashion-MNIST image is 0
    }
    float[] t = new float[batch * model.targetSize()];
    for (int b = 0; b < batch; b++) {
      t[b * model.targetSize() + random.nextInt(model.targetSize())] = 1f;
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
