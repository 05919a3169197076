package dev.netc.cli;

import dev.netc.runtime.Model;
import dev.netc.runtime.TrainingSpec;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.runtime.train.TrainerBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netc train FILE --data DATA --save MODEL}: compiles the network in process, trains it
 * with the runtime's trainer (its progress display), reports the test set and saves the weights.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a network on IDX or CSV data and save its weights.",
      "The network's class is generated and compiled in memory (this needs a JDK). Unset options"
          + " come from the network's training block and optimizer."})
final class TrainCommand implements Callable<Integer> {
  /** Batch size of the final test evaluation, as the samples use. */
  static final int EVALUATION_BATCH = 256;

  @ParentCommand
  NetcCommand netc;

  @Mixin
  SourceOptions sources;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .net file.")
  Path file;

  @Option(names = "--network", paramLabel = "NAME", description = "The network to train when the file declares several.")
  String network;

  @Mixin
  DataOptions data;

  @Option(names = "--save", paramLabel = "MODEL", required = true,
      description = "Where the trained weights go (a netc model file, version 3).")
  Path save;

  @Option(names = "--test", paramLabel = "DIR|FILE.csv",
      description = "Test data evaluated after training (default: the t10k files of an IDX --data directory).")
  Path test;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the training block's, else 10).")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "N", description = "Examples per batch (default: the training block's, else 32).")
  Integer batch;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of initialization, shuffling, dropout and the validation split (default: the training block's, else 42).")
  Long seed;

  @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate, replacing the declared optimizer's.")
  Double lr;

  @Option(names = "--lr-decay", paramLabel = "FACTOR", defaultValue = "1",
      description = "Multiply the learning rate by FACTOR after each epoch, in (0, 1] (default: ${DEFAULT-VALUE}, constant).")
  double lrDecay;

  @Option(names = "--validation", paramLabel = "FRACTION", defaultValue = "0",
      description = "Hold out this fraction of the training data (seeded) and report it after each epoch, in [0, 1) (default: ${DEFAULT-VALUE}).")
  double validation;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Threads sharing the large matrix products, 1 to 64 (default: ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() throws IOException {
    checkOptions();
    PrintStream out = netc.out();
    Model model = NetworkModel.build(file, sources.roots, network, netc.err());
    Dataset train = DataFiles.read(data.path, DataFiles.Split.TRAIN, model, data.labelColumn);
    Path testPath = test != null ? test
        : DataFiles.hasSplit(data.path, DataFiles.Split.TEST) ? data.path : null;
    Dataset testSet = testPath == null ? null : DataFiles.read(testPath, DataFiles.Split.TEST, model, data.labelColumn);
    out.println("data: " + DataFiles.describe(train, data.path, DataFiles.Split.TRAIN)
        + (testSet == null ? "" : "; test: " + DataFiles.describe(testSet, testPath, DataFiles.Split.TEST)));
    out.print(model.summary());

    TrainingSpec spec = model.trainingSpec();
    long s = seed != null ? seed : spec.seedDeclared() ? spec.seed() : Trainer.DEFAULT_SEED;
    model.initialize(s);
    TrainerBuilder builder = Trainer.builder(model)
        .seed(s)
        .epochs(epochs != null ? epochs : spec.epochs() > 0 ? spec.epochs() : Trainer.DEFAULT_EPOCHS)
        .batchSize(batch != null ? batch : spec.batchSize() > 0 ? spec.batchSize() : Trainer.DEFAULT_BATCH_SIZE)
        .progress(out)
        .threads(threads);
    if (lr != null) {
      Optimizer optimizer = model.optimizerSpec() == null ? Optimizers.sgd(lr) : Optimizers.create(model.optimizerSpec());
      optimizer.setLearningRate(lr);
      builder.optimizer(optimizer);
    }
    if (lrDecay != 1) {
      builder.listener((epoch, t) -> t.optimizer().setLearningRate(t.optimizer().learningRate() * lrDecay));
    }
    if (validation > 0) {
      builder.validationSplit(validation);
    }
    History history = builder.build().fit(train);
    if (testSet != null) {
      Evaluation e = Trainer.evaluate(model, testSet, EVALUATION_BATCH);
      out.println(Double.isNaN(e.accuracy())
          ? String.format(Locale.ROOT, "test loss %.4f on %d examples after %d epochs", e.loss(), e.count(), history.size())
          : String.format(Locale.ROOT, "test accuracy %.4f (loss %.4f) on %d examples after %d epochs",
              e.accuracy(), e.loss(), e.count(), history.size()));
    }
    Path parent = save.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ModelFile.save(model, save, null);
    out.println("saved " + save);
    return Exit.OK;
  }

  /** Range checks of the numbers, before anything slow runs. */
  private void checkOptions() {
    if (epochs != null && epochs < 1) {
      throw CliException.usage("--epochs must be at least 1, got " + epochs);
    }
    if (batch != null && batch < 1) {
      throw CliException.usage("--batch must be at least 1, got " + batch);
    }
    if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
      throw CliException.usage("--lr must be a positive number, got " + lr);
    }
    if (!(lrDecay > 0 && lrDecay <= 1)) {
      throw CliException.usage("--lr-decay must be in (0, 1], got " + lrDecay);
    }
    if (!(validation >= 0 && validation < 1)) {
      throw CliException.usage("--validation must be in [0, 1), got " + validation);
    }
    if (threads < 1 || threads > 64) {
      throw CliException.usage("--threads must be between 1 and 64, got " + threads);
    }
    if (Files.isDirectory(save)) {
      throw CliException.usage("--save " + save + " is a directory; name the model file");
    }
  }
}
