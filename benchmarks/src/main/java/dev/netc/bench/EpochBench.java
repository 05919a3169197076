package dev.netc.bench;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.FashionCnnBn;
import dev.netc.samples.FashionMnist;
import dev.netc.samples.FashionResnet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The epoch workloads of benchmarks/peers/README.md for netc, one thread:
 *
 * <ul>
 *   <li>mlp-sgd, mlp-adam: {@link BenchMlp}, 3 epochs, batch 32, seed 1; seconds per epoch is the
 *       median of epochs 2-3, accuracy is on the test set after epoch 3;
 *   <li>cnn-sgd: {@link BenchCnn}, SGD lr 0.05, 2 epochs, batch 32, seed 1; seconds per epoch is
 *       epoch 2's (epoch 1 includes JIT compilation), accuracy after epoch 2;
 *   <li>mlp-sgd-2t: mlp-sgd with {@code Trainer.threads(2)} (a {@code Team} of two threads shares
 *       every large product and the optimizer's loop), reported as {@code mlp-sgd.2threads};
 *   <li>cnn-bn, resnet, transformer: the sample networks, {@link SampleEpochs}.
 * </ul>
 *
 * <p>Prints {@code RESULT workload seconds accuracy (epochs ...)} (peers/compare.sh reads it) and
 * {@code METRIC key value} lines (peers/run-all.sh reads them).
 *
 * <p>Usage: {@code EpochBench [DATA_DIR|embedded] [--workloads mlp-sgd,mlp-adam,cnn-sgd,mlp-sgd-2t,cnn-bn,resnet,transformer] [--save
 * DIR]}. With {@code --save}, the trained models are written to DIR as netc model files
 * ({@code mlp-sgd.netc}, ...), mlp-sgd and cnn-sgd also as ONNX ({@code mlp.onnx}, {@code
 * cnn.onnx}) with netc's outputs for the first test images ({@code mlp.ref}, {@code cnn.ref}) so
 * the ONNX Runtime peer can check the export, and the first test image as raw little-endian
 * floats ({@code image0.f32}) for the cold-start measurement.
 */
public final class EpochBench {
  private EpochBench() {}

  static final int MLP_EPOCHS = 3;
  static final int CNN_EPOCHS = 2;

  public static void main(String[] args) throws Exception {
    Path dir = null;
    Path save = null;
    List<String> workloads = List.of("mlp-sgd", "mlp-adam");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--workloads" -> workloads = Arrays.asList(args[++i].split(","));
        case "--save" -> save = Path.of(args[++i]);
        default -> dir = Path.of(args[i]);
      }
    }
    FashionMnist.Data data = FashionMnist.load(dir);
    System.out.println("data: " + data.source());
    if (save != null) {
      Files.createDirectories(save);
      writeImage(data.test(), 0, save.resolve("image0.f32"));
    }
    for (String w : workloads) {
      switch (w) {
        case "mlp-sgd" -> run(w, new BenchMlp(), data, false, MLP_EPOCHS, 1, save);
        case "mlp-adam" -> run(w, new BenchMlp(), data, true, MLP_EPOCHS, 1, save);
        case "cnn-sgd" -> run(w, new BenchCnn(), data, false, CNN_EPOCHS, 1, save);
        case "mlp-sgd-2t" -> run("mlp-sgd.2threads", new BenchMlp(), data, false, MLP_EPOCHS, 2, null);
        case "cnn-bn" -> SampleEpochs.image(w, new FashionCnnBn(), data, null); // a training row only
        case "resnet" -> SampleEpochs.image(w, new FashionResnet(), data, save);
        case "transformer" -> SampleEpochs.transformer(save);
        default -> throw new IllegalArgumentException("unknown workload " + w
            + " (mlp-sgd, mlp-adam, cnn-sgd, mlp-sgd-2t, cnn-bn, resnet, transformer)");
      }
    }
  }

  static void run(String workload, GeneratedModel model, FashionMnist.Data data, boolean adam, int epochs,
      int threads, Path save) throws IOException {
    model.initialize(1);
    double lr = model instanceof BenchCnn ? 0.05 : 0.1;
    Trainer trainer = Trainer.builder(model)
        .optimizer(adam ? Optimizers.adam(1e-3) : Optimizers.sgd(lr))
        .epochs(epochs)
        .batchSize(32)
        .seed(1)
        .threads(threads)
        .build();
    Dataset train = data.train();
    History history = trainer.fit(train);
    double[] seconds = history.epochs().stream().mapToDouble(History.Epoch::seconds).toArray();
    double[] late = Arrays.copyOfRange(seconds, 1, seconds.length);
    Arrays.sort(late);
    double median = late.length % 2 == 1 ? late[late.length / 2]
        : (late[late.length / 2 - 1] + late[late.length / 2]) / 2;
    Evaluation test = Trainer.evaluate(model, data.test(), 256);
    System.out.printf(Locale.ROOT, "RESULT %s %.3f %.4f (epochs %s s)%n", workload, median, test.accuracy(),
        Arrays.toString(seconds));
    System.out.printf(Locale.ROOT, "METRIC %s.epoch_s %.4f%n", workload, median);
    System.out.printf(Locale.ROOT, "METRIC %s.acc %.4f%n", workload, test.accuracy());
    System.out.printf(Locale.ROOT, "METRIC %s.train_images %d%n", workload, train.size());
    if (save != null) {
      ModelFile.save(model, save.resolve(workload + ".netc"));
      String kind = workload.startsWith("mlp") ? "mlp" : "cnn";
      if (workload.equals("mlp-sgd") || workload.equals("cnn-sgd")) {
        BenchOnnx.write(model, save.resolve(kind + ".onnx"));
        writeReference(model, data.test(), save.resolve(kind + ".ref"));
      }
    }
  }

  /** netc's outputs for the first 8 test images, one line each: what the ONNX export must reproduce. */
  static void writeReference(GeneratedModel model, Dataset test, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    float[] in = new float[model.inputSize()];
    for (int i = 0; i < 8; i++) {
      System.arraycopy(test.inputs(), i * in.length, in, 0, in.length);
      float[] out = model.predict(in);
      StringBuilder sb = new StringBuilder();
      for (float v : out) {
        sb.append(sb.length() == 0 ? "" : " ").append(v);
      }
      lines.add(sb.toString());
    }
    Files.write(file, lines);
  }

  static void metric(String key, double value) {
    System.out.printf(Locale.ROOT, "METRIC %s %.4f%n", key, value);
  }

  static void writeImage(Dataset test, int index, Path file) throws IOException {
    int n = test.inputSize();
    ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(test.inputs(), index * n, n);
    Files.write(file, b.array());
  }
}
