package dev.netc.runtime.io;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.TwoLayerModel;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the seed corpus of {@link ModelFileFuzzTarget}: one valid file of every kind each use
 * reads, behind its mode byte. The output is committed in
 * {@code src/test/resources/dev/netc/runtime/io/ModelFileFuzzTestInputs/load/}; rerun when the
 * format gets a new version: {@code java -cp <test classpath> dev.netc.runtime.io.ModelFileFuzzSeeds <dir>}.
 */
public final class ModelFileFuzzSeeds {
  private ModelFileFuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile("seed", ".netc");
    LinearModel lin = new LinearModel("Lin", 3, 2, LossKind.MSE);
    lin.initialize(1);
    ModelFile.save(lin, tmp);
    seed(dir, "v1-lin-load", 0, tmp);
    seed(dir, "v1-lin-load-crc", 1, tmp);
    Trainer linTrainer = train(lin, Optimizers.sgd(0.1, 0.9), 3);
    ModelFile.save(lin, tmp, linTrainer.trainingState());
    seed(dir, "v3-lin-sgd-pretrained", 5, tmp);
    seed(dir, "v3-lin-sgd-load", 1, tmp);

    TwoLayerModel two = new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0f);
    two.initialize(2);
    ModelFile.save(two, tmp);
    seed(dir, "v1-two-load", 7, tmp);
    Trainer adam = train(two, Optimizers.adamW(0.01, 0.01), 4);
    ModelFile.save(two, tmp, adam.trainingState());
    seed(dir, "v3-two-adamw-checkpoint", 3, tmp);
    seed(dir, "v3-two-adamw-pretrained", 5, tmp);
    Trainer sgd = train(two, Optimizers.sgd(0.1, 0.9), 4);
    ModelFile.save(two, tmp, sgd.trainingState());
    seed(dir, "v3-two-sgd-checkpoint", 3, tmp);
    Files.delete(tmp);
  }

  private static Trainer train(GeneratedModel model, Optimizer optimizer, int inputs) {
    float[] x = new float[6 * inputs];
    int outputs = model.parameterCount() == 3 * 2 + 2 ? 2 : 3;
    float[] y = new float[6 * outputs];
    int[] labels = new int[6];
    for (int i = 0; i < 6; i++) {
      x[inputs * i + i % inputs] = 1;
      labels[i] = i % outputs;
      y[outputs * i + labels[i]] = 1;
    }
    Trainer t = Trainer.builder(model).optimizer(optimizer).epochs(2).batchSize(3).seed(3).build();
    t.fit(Dataset.of(x, y, inputs, outputs));
    return t;
  }

  private static void seed(Path dir, String name, int mode, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    byte[] seed = new byte[bytes.length + 1];
    seed[0] = (byte) mode;
    System.arraycopy(bytes, 0, seed, 1, bytes.length);
    Files.write(dir.resolve(name), seed);
  }
}
