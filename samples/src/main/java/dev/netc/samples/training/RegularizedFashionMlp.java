package dev.netc.samples.training;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.ImageAugmentation;
import dev.netc.runtime.train.CsvLogger;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.LrSchedule;
import dev.netc.runtime.train.Regularizer;
import dev.netc.runtime.train.Trainer;
import dev.netc.runtime.train.TrainerBuilder;
import dev.netc.samples.FashionMlp;
import dev.netc.samples.FashionMnist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains the same multilayer perceptron twice with the same seed: unregularized ({@code
 * FashionMlpPlain}: no dropout, no augmentation, no penalty), and regularized ({@code FashionMlp}
 * with its dropout, plus seeded image augmentation and L2 on the weights; defaults: Gaussian
 * noise 0.05, no flip, no shift, L2 1e-5; an MLP has no translation invariance, so shifts cost it
 * accuracy in short runs). Both anneal the learning rate with a cosine schedule, validate
 * on the test set each epoch and write their history as CSV and SVG.
 *
 * <pre>
 *   RegularizedFashionMlp [--data DIR|embedded] [--epochs N] [--out DIR] [--shift K] [--flip 0|1]
 *                         [--noise STD] [--l2 X] [--only baseline|regularized]
 * </pre>
 */
public final class RegularizedFashionMlp {
  private RegularizedFashionMlp() {}

  static int shift = 0;
  // no flips: Fashion-MNIST's shoes and bags all face one way, a flipped one is off-distribution
  static boolean flip = false;
  static double noise = 0.05;
  static double l2 = 1e-5;

  public static void main(String[] args) throws IOException {
    Path data = null;
    int epochs = 10;
    Path out = Path.of("target", "regularized-fashion-mlp");
    boolean baseline = true;
    boolean regularized = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--shift" -> shift = Integer.parseInt(args[++i]);
        case "--flip" -> flip = Integer.parseInt(args[++i]) == 1;
        case "--noise" -> noise = Double.parseDouble(args[++i]);
        case "--l2" -> l2 = Double.parseDouble(args[++i]);
        case "--only" -> {
          String only = args[++i];
          baseline = only.equals("baseline");
          regularized = only.equals("regularized");
        }
        default -> throw new IllegalArgumentException(
            "usage: RegularizedFashionMlp [--data DIR|embedded] [--epochs N] [--out DIR] [--shift K]"
                + " [--flip 0|1] [--noise STD] [--l2 X] [--only baseline|regularized]");
      }
    }
    FashionMnist.Data d = FashionMnist.load(data);
    System.out.println(d.source());
    Files.createDirectories(out);
    double plain = baseline ? run("baseline", d, epochs, out, false) : Double.NaN;
    double reg = regularized ? run("regularized", d, epochs, out, true) : Double.NaN;
    System.out.printf(Locale.ROOT, "final test accuracy: baseline %.4f, augmentation+L2 %.4f (%+.4f)%n",
        plain, reg, reg - plain);
  }

  /** Trains one run and returns its best validation (test-set) accuracy over the epochs. */
  static double run(String name, FashionMnist.Data d, int epochs, Path out, boolean regularize) throws IOException {
    Model model = regularize ? new FashionMlp() : new FashionMlpPlain();
    model.initialize(42);
    // Both runs anneal the rate (cosine to 0), so the last epoch is not a noisy snapshot and the
    // comparison measures the regularization, not where the noise happened to land.
    TrainerBuilder b = Trainer.builder(model).epochs(epochs).seed(42).validationData(d.test())
        .schedule(LrSchedule.cosine(epochs, 0))
        .progress(System.out)
        .listener(new CsvLogger(out.resolve(name + ".csv"), out.resolve(name + ".svg")));
    if (regularize) {
      b.augmentation(new ImageAugmentation(1, 28, 28, shift, flip, noise)).regularizer(Regularizer.l2(l2));
    }
    System.out.println("== " + name + (regularize ? String.format(Locale.ROOT, " (dropout + augmentation shift %d flip %b noise %s + L2 %s)",
        shift, flip, noise, l2) : " (no dropout, augmentation or penalty)"));
    History h = b.build().fit(d.train());
    Evaluation test = Trainer.evaluate(model, d.test(), 256);
    Files.writeString(out.resolve(name + ".svg"), h.toSvg(), StandardCharsets.UTF_8);
    double best = h.epochs().stream().mapToDouble(History.Epoch::validationAccuracy).max().orElse(Double.NaN);
    System.out.printf(Locale.ROOT, "%s: final test accuracy %.4f (best epoch %.4f); history in %s%n",
        name, test.accuracy(), best, out.resolve(name + ".csv"));
    return test.accuracy();
  }
}
