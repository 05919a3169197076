package dev.netc.samples.rnn;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.FashionMnist;
import dev.netc.samples.FashionRnn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * fashion-rnn: a GRU over the 28 rows of each Fashion-MNIST image (FashionRnn.net), trained with
 * Adam and a per-epoch learning-rate decay; prints test accuracy and seconds per epoch. {@link
 * #run} serves fashion-bigru ({@link FashionBiGruMain}) with the same options.
 *
 * <pre>
 * java -cp ... dev.netc.samples.rnn.FashionRnnMain [--data DIR|embedded] [--epochs N] [--batch N]
 *     [--limit N] [--decay F] [--seed N] [--save FILE]
 * </pre>
 *
 * Without options it runs the headline recipe of BENCHMARKS.md: the {@code training} block of
 * the {@code .net} file (batch, epochs, seed), every training image, the learning rate x{@value
 * #DECAY} after each epoch.
 *
 * A {@code [28, 28]} image is the same 784 floats as the flat one, so FashionMnist's datasets are
 * used as they are.
 */
public final class FashionRnnMain {
  /** The recipe's per-epoch learning-rate factor (both recurrent samples). */
  static final double DECAY = 0.75;

  private FashionRnnMain() {}

  public static void main(String[] args) throws Exception {
    train(args);
  }

  /** Trains fashion-rnn as the options say; returns its test accuracy. */
  public static double train(String[] args) throws Exception {
    return run("fashion-rnn", new FashionRnn(), args);
  }

  /**
   * Trains {@code model} (any network on [28, 28] images with 10 logits) as the options say;
   * returns its test accuracy.
   */
  static double run(String name, Model model, String[] args) throws Exception {
    Path data = null;
    Integer epochs = null;
    Integer batch = null;
    int limit = 0;
    double decay = DECAY;
    Long seedOption = null;
    Path save = null;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--data" -> data = Path.of(v);
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--limit" -> limit = Integer.parseInt(v);
        case "--decay" -> decay = Double.parseDouble(v);
        case "--seed" -> seedOption = Long.parseLong(v);
        case "--save" -> save = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    FashionMnist.Data d = FashionMnist.load(data);
    Dataset train = d.train();
    if (limit > 0 && limit < train.size()) {
      train = Dataset.of(java.util.Arrays.copyOf(train.inputs(), limit * train.inputSize()),
          java.util.Arrays.copyOf(train.targets(), limit * train.targetSize()), train.inputSize(), train.targetSize());
    }
    System.out.println("data: " + d.source() + (limit > 0 ? ", training on the first " + train.size() : ""));
    System.out.print(model.summary());
    long seed = seedOption != null ? seedOption : model.trainingSpec().seed();
    model.initialize(seed);
    double factor = decay;
    Trainer trainer = Trainer.builder(model)
        .seed(seed)
        .epochs(epochs != null ? epochs : model.trainingSpec().epochs())
        .batchSize(batch != null ? batch : model.trainingSpec().batchSize())
        .log(System.out)
        .listener((e, t) -> t.optimizer().setLearningRate(t.optimizer().learningRate() * factor))
        // the test accuracy after every epoch (forward only, ~1/15 of an epoch's time)
        .listener((e, t) -> System.out.printf(Locale.ROOT, "  after epoch %d: test accuracy %.4f%n",
            e.epoch(), Trainer.evaluate(t.model(), d.test(), 256).accuracy()))
        .build();
    History history = trainer.fit(train);
    Evaluation test = Trainer.evaluate(model, d.test(), 256);
    double seconds = history.epochs().stream().mapToDouble(History.Epoch::seconds).sum();
    System.out.printf(Locale.ROOT, "%s: test accuracy %.4f (loss %.4f) on %d images after %d epochs, %.1f s/epoch%n",
        name, test.accuracy(), test.loss(), test.count(), history.size(), seconds / history.size());
    if (save != null) {
      if (save.toAbsolutePath().getParent() != null) {
        Files.createDirectories(save.toAbsolutePath().getParent());
      }
      ModelFile.save(model, save);
      System.out.println("saved " + save);
    }
    return test.accuracy();
  }
}
