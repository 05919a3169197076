package dev.netc.bench;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 9's scaling table: seconds per training epoch of an MLP 784-H-10 (ReLU, softmax
 * cross-entropy, SGD lr 0.01, one thread) as the hidden width H grows 64 → 1024 at batch 32, and
 * as the batch grows 1 → 256 at H = 128.
 *
 * <p>Each network is compiled in this process (netc + javac, {@link InMemoryJavac}), trained for
 * two epochs over the first {@code --images} training images (default 6,000); epoch 1 warms the
 * JIT up and epoch 2 is timed and scaled to a 60,000-image epoch. (SGD lr 0.01 rather than the
 * workloads' 0.1 so batch 1 does not diverge; the learning rate does not change the work.)
 *
 * <p>Usage: {@code EpochScaling [DATA_DIR|embedded] [--images N] [--widths 64,128,...]
 * [--batches 1,8,...] [--out FILE.md]}.
 */
public final class EpochScaling {
  private EpochScaling() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int images = 6000;
    int[] widths = {64, 128, 256, 512, 1024};
    int[] batches = {1, 8, 32, 128, 256};
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--images" -> images = Integer.parseInt(args[++i]);
        case "--widths" -> widths = ints(args[++i]);
        case "--batches" -> batches = ints(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> dir = Path.of(args[i]);
      }
    }
    FashionMnist.Data data = FashionMnist.load(dir);
    Dataset train = data.train().subset(0, Math.min(images, data.train().size()));
    System.out.println("data: " + data.source() + "; timing on " + train.size() + " images per epoch");
    Map<String, double[]> done = new LinkedHashMap<>();
    List<String> rows = new ArrayList<>();
    rows.add("| H | batch | measured s (" + train.size() + " images) | s per 60k-image epoch | images/s | training GFLOP/s |");
    rows.add("|---|---|---|---|---|---|");
    for (int h : widths) {
      rows.add(row(h, 32, train, done));
    }
    rows.add("| | | | | | |");
    for (int b : batches) {
      rows.add(row(128, b, train, done));
    }
    String header = String.format(Locale.ROOT,
        "Seconds per epoch, MLP 784-H-10, SGD, 1 thread; epoch 2 of 2 over %d images, scaled to 60,000"
            + " (training FLOPs counted as 3 x forward = 6 x (784 H + 10 H) per image). JVM: %s %s%n%n",
        train.size(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
    String table = header + String.join("\n", rows) + "\n";
    System.out.print(table);
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, table);
    }
  }

  static String row(int h, int batch, Dataset train, Map<String, double[]> done) {
    String key = h + "x" + batch;
    double[] r = done.get(key);
    if (r == null) {
      r = measure(h, batch, train);
      done.put(key, r);
    }
    double perImage = r[0] / train.size();
    double flops = 6.0 * (784.0 * h + 10.0 * h);
    String line = String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.0f | %.2f |", h, batch, r[0],
        perImage * 60_000, 1 / perImage, flops / perImage / 1e9);
    System.out.println(line);
    return line;
  }

  static double[] measure(int h, int batch, Dataset train) {
    String name = "ScaleMlp" + h + "b" + batch;
    String net = "network " + name + " {\n"
        + "  input image: float[784];\n"
        + "  dense(" + h + ", activation: relu);\n"
        + "  dense(10);\n"
        + "  loss softmax_cross_entropy;\n"
        + "  optimizer sgd(lr: 0.01);\n"
        + "  training { batch: " + batch + "; seed: 1; }\n"
        + "}\n";
    GeneratedModel model = InMemoryJavac.model(name, net);
    model.initialize(1);
    Trainer trainer = Trainer.builder(model)
        .optimizer(Optimizers.sgd(0.01))
        .epochs(2)
        .batchSize(batch)
        .seed(1)
        .build();
    History history = trainer.fit(train);
    return new double[] {history.epochs().get(1).seconds()};
  }

  static int[] ints(String csv) {
    String[] parts = csv.split(",");
    int[] v = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Integer.parseInt(parts[i].trim());
    }
    return v;
  }
}
