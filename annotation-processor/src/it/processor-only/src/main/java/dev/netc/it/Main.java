package dev.netc.it;

import dev.netc.annotations.NetFiles;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import java.util.Locale;
import java.util.Random;

/** Trains the model javac generated from Rings.net, as an application would. */
@NetFiles("dev/netc/it/Rings.net")
public final class Main {
  public static void main(String[] args) {
    Rings model = new Rings();
    model.initialize(model.trainingSpec().seed());
    History history = Trainer.builder(model).seed(model.trainingSpec().seed())
        .epochs(model.trainingSpec().epochs()).build().fit(rings());
    System.out.println("parameters=" + model.parameterCount());
    System.out.printf(Locale.ROOT, "loss %.5f -> %.5f%n", history.epochs().get(0).trainLoss(),
        history.last().trainLoss());
  }

  /** Points inside radius 1 (class 1) and on a ring from 1.3 to 2 (class 0). */
  private static Dataset rings() {
    Random random = new Random(11);
    int n = 512;
    float[] x = new float[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      boolean inside = i % 2 == 0;
      double r = inside ? random.nextDouble() : 1.3 + 0.7 * random.nextDouble();
      double angle = 2 * Math.PI * random.nextDouble();
      x[2 * i] = (float) (r * Math.cos(angle));
      x[2 * i + 1] = (float) (r * Math.sin(angle));
      labels[i] = inside ? 1 : 0;
    }
    return Dataset.classification(x, 2, labels, 2);
  }
}
