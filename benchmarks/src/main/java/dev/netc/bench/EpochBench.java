package dev.netc.bench;

import dev.netc.runtime.Dataset;
import dev.netc.runtime.Evaluation;
import dev.netc.runtime.History;
import dev.netc.runtime.Optimizers;
import dev.netc.runtime.Trainer;
import dev.netc.samples.FashionMnist;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The epoch workloads of shared/design/benchmarks.md for netc: mlp-sgd and mlp-adam, 3 epochs,
 * batch 32, seed 1; prints seconds per epoch (median of epochs 2-3) and test accuracy as
 * {@code RESULT workload seconds accuracy}, which peers/compare.sh reads.
 */
public final class EpochBench {
  private EpochBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : null;
    FashionMnist.Data data = FashionMnist.load(dir);
    System.out.println("data: " + data.source());
    run("mlp-sgd", data, false);
    run("mlp-adam", data, true);
  }

  static void run(String workload, FashionMnist.Data data, boolean adam) {
    BenchMlp model = new BenchMlp();
    model.initialize(1);
    Trainer trainer = Trainer.builder(model)
        .optimizer(adam ? Optimizers.adam(1e-3) : Optimizers.sgd(0.1))
        .epochs(3)
        .batchSize(32)
        .seed(1)
        .build();
    Dataset train = data.train();
    History history = trainer.fit(train);
    double[] seconds = history.epochs().stream().mapToDouble(History.Epoch::seconds).toArray();
    double[] late = Arrays.copyOfRange(seconds, 1, 3);
    Arrays.sort(late);
    double median = (late[0] + late[1]) / 2;
    Evaluation test = Trainer.evaluate(model, data.test(), 256);
    System.out.printf(Locale.ROOT, "RESULT %s %.3f %.4f (epochs %s s)%n", workload, median, test.accuracy(),
        Arrays.toString(seconds));
  }
}
