package dev.netc.samples.training;

import dev.netc.runtime.Model;
import dev.netc.runtime.train.Ensemble;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.FashionMlp;
import dev.netc.samples.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains N FashionMlp models from different seeds and compares each member's test accuracy with
 * the accuracy of their averaged prediction.
 *
 * <pre>
 *   EnsembleFashionMlp [--data DIR|embedded] [--members N] [--epochs N]
 * </pre>
 */
public final class EnsembleFashionMlp {
  private EnsembleFashionMlp() {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of("embedded");
    int members = 5;
    int epochs = 10;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--members" -> members = Integer.parseInt(args[++i]);
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException(
            "usage: EnsembleFashionMlp [--data DIR|embedded] [--members N] [--epochs N]");
      }
    }
    FashionMnist.Data d = FashionMnist.load(data);
    System.out.println(d.source());
    double[] acc = run(d, members, epochs);
    for (int i = 0; i < members; i++) {
      System.out.printf(Locale.ROOT, "member %d (seed %d): test accuracy %.4f%n", i + 1, 100 + i, acc[i]);
    }
    System.out.printf(Locale.ROOT, "ensemble of %d: test accuracy %.4f%n", members, acc[members]);
  }

  /** Member accuracies followed by the ensemble's. */
  static double[] run(FashionMnist.Data d, int members, int epochs) {
    final int e = epochs;
    Ensemble ens = Ensemble.train(members, 100, FashionMlp::new,
        (m, seed) -> Trainer.builder(m).epochs(e).seed(seed).build(), d.train());
    double[] acc = new double[members + 1];
    for (int i = 0; i < members; i++) {
      Model m = ens.members().get(i);
      acc[i] = Trainer.evaluate(m, d.test(), 256).accuracy();
    }
    acc[members] = ens.accuracy(d.test());
    return acc;
  }
}
