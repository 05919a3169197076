package dev.netc.samples.torch;

import dev.netc.runtime.Model;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.optim.Adam;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.FashionMnist;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * fashion-cnn-torch: a CNN trained in PyTorch ({@code src/main/onnx/train_fashion_cnn.py}),
 * exported to {@code fashion_cnn.onnx} and imported by {@code netc:import-onnx} at build time as
 * {@link FashionCnn} with its weights on the class path. Evaluates the PyTorch weights in netc,
 * prints PyTorch's accuracy on the same images next to it, then fine-tunes one epoch in netc and
 * evaluates again.
 *
 * <pre>
 * java -cp ... dev.netc.samples.torch.FashionCnnTorchMain [--data DIR|embedded] [--epochs N] [--lr RATE] [--save FILE]
 * </pre>
 */
public final class FashionCnnTorchMain {
  /** The weights the build imported from fashion_cnn.onnx, next to the class. */
  static final String WEIGHTS = "FashionCnn.netc";
  /** Fine-tuning: Adam at a tenth of PyTorch's training rate (0.002), batch 64 as in PyTorch. */
  static final double FINE_TUNE_LR = 0.0002;
  static final int BATCH = 64;
  static final long SEED = 42;

  private FashionCnnTorchMain() {}

  /** What a run measured: netc's accuracy on the PyTorch weights, PyTorch's on the same images, after fine-tuning. */
  public record Result(Evaluation imported, double pytorch, Evaluation fineTuned, int testImages) {}

  public static void main(String[] args) throws Exception {
    Path data = null;
    int epochs = 1;
    double lr = FINE_TUNE_LR;
    Path save = null;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--data" -> data = Path.of(v);
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--lr" -> lr = Double.parseDouble(v);
        case "--save" -> save = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; fashion-cnn-torch takes --data DIR|embedded, --epochs N, --lr RATE, --save FILE");
      }
    }
    run(FashionMnist.load(data), epochs, lr, save);
  }

  /** Evaluates the imported weights, fine-tunes {@code epochs} epochs and evaluates again. */
  public static Result run(FashionMnist.Data data, int epochs, double lr, Path save) throws IOException {
    System.out.println("data: " + data.source());
    Model model = importedModel();
    System.out.print(model.summary());
    Evaluation imported = Trainer.evaluate(model, data.test(), 256);
    double pytorch = pytorchAccuracy(data.test().size());
    System.out.printf(Locale.ROOT, "PyTorch weights in netc: test accuracy %.4f (loss %.4f) on %d images;"
        + " PyTorch on the same images: %s%n", imported.accuracy(), imported.loss(), imported.count(),
        Double.isNaN(pytorch) ? "not recorded for this test set" : String.format(Locale.ROOT, "%.4f (difference %.4f)",
            pytorch, imported.accuracy() - pytorch));
    Trainer trainer = Trainer.builder(model).optimizer(new Adam(lr)).epochs(epochs).batchSize(BATCH).seed(SEED)
        .log(System.out).build();
    History history = trainer.fit(data.train());
    Evaluation tuned = Trainer.evaluate(model, data.test(), 256);
    System.out.printf(Locale.ROOT, "fine-tuned in netc (%d epoch%s, Adam lr %s, batch %d, %.1f s/epoch): test"
        + " accuracy %.4f (loss %.4f)%n", history.size(), history.size() == 1 ? "" : "s", lr, BATCH,
        history.epochs().stream().mapToDouble(History.Epoch::seconds).sum() / history.size(), tuned.accuracy(),
        tuned.loss());
    if (save != null) {
      if (save.toAbsolutePath().getParent() != null) {
        Files.createDirectories(save.toAbsolutePath().getParent());
      }
      ModelFile.save(model, save);
      System.out.println("saved " + save);
    }
    return new Result(imported, pytorch, tuned, data.test().size());
  }

  /** The imported network with the weights of fashion_cnn.onnx (ModelFile reads files: a copy of the resource). */
  public static FashionCnn importedModel() throws IOException {
    FashionCnn model = new FashionCnn();
    Path file = Files.createTempFile("fashion-cnn-torch", ".netc");
    try (InputStream in = FashionCnnTorchMain.class.getResourceAsStream(WEIGHTS)) {
      if (in == null) {
        throw new IOException(WEIGHTS + " is not on the class path; netc:import-onnx writes it when it imports"
            + " src/main/onnx/fashion_cnn.onnx");
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      ModelFile.load(model, file);
    } finally {
      Files.deleteIfExists(file);
    }
    return model;
  }

  /**
   * PyTorch's accuracy on a test set of {@code images} images, from the files the Python scripts
   * wrote next to fashion_cnn.onnx: fashion_cnn.txt (the 10,000 test images) and
   * fashion_cnn_subset.txt (the embedded subset); NaN for another test set.
   */
  public static double pytorchAccuracy(int images) throws IOException {
    for (String sidecar : new String[] {"fashion_cnn.txt", "fashion_cnn_subset.txt"}) {
      for (String line : sidecar(sidecar).split("\n")) {
        String[] parts = line.split(" ");
        // "test_accuracy 0.8974 on 10000 test images" or "test_accuracy 0.903500 1807/2000"
        if (parts[0].equals("test_accuracy") && parts.length >= 3
            && count(parts[2].equals("on") && parts.length > 3 ? parts[3] : parts[2]) == images) {
          return Double.parseDouble(parts[1]);
        }
      }
    }
    return Double.NaN;
  }

  /** {@code 10000} or {@code 1807/2000} → the number of images. */
  private static int count(String field) {
    return Integer.parseInt(field.substring(field.indexOf('/') + 1));
  }

  /** A sidecar file of fashion_cnn.onnx, which the samples jar carries next to this class. */
  public static String sidecar(String name) throws IOException {
    try (InputStream in = FashionCnnTorchMain.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is not on the class path (src/main/onnx/" + name + ")");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
