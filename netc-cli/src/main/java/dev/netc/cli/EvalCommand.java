package dev.netc.cli;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.Trainer;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code netc eval MODEL --net FILE --data DATA}: loss and accuracy of trained weights. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluate trained weights: loss, accuracy, confusion matrix.",
      "Mean loss, accuracy and, for a classifier, the confusion matrix with per-class precision,"
          + " recall and F1."})
final class EvalCommand implements Callable<Integer> {
  @ParentCommand
  NetcCommand netc;

  @Mixin
  SourceOptions sources;

  @Mixin
  ModelOptions model;

  @Mixin
  DataOptions data;

  @Option(names = "--split", paramLabel = "test|train", defaultValue = "test",
      description = "Which files of an IDX directory: t10k-* (test, the default) or train-*.")
  String split;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "256",
      description = "Examples per forward pass (default: ${DEFAULT-VALUE}); the result does not depend on it.")
  int batch;

  @Override
  public Integer call() throws IOException {
    DataFiles.Split which = switch (split) {
      case "test" -> DataFiles.Split.TEST;
      case "train" -> DataFiles.Split.TRAIN;
      default -> throw CliException.usage("--split is test or train, not '" + split + "'");
    };
    if (batch < 1) {
      throw CliException.usage("--batch must be at least 1, got " + batch);
    }
    Model m = NetworkModel.build(model.net, sources.roots, model.network, netc.err());
    NetworkModel.load(m, model.model);
    Dataset set = DataFiles.read(data.path, which, m, data.labelColumn);
    Evaluation e = Trainer.evaluate(m, set, batch);
    netc.out().println("network " + m.name() + " from " + model.model + " on "
        + DataFiles.describe(set, data.path, which));
    netc.out().print(e.report());
    return Exit.OK;
  }
}
