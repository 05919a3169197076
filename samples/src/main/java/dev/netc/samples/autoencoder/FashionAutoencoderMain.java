package dev.netc.samples.autoencoder;

import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.FashionAutoencoder;
import dev.netc.samples.FashionMnist;
import java.nio.file.Path;
import java.util.Locale;

/**
 * fashion-autoencoder: the convolutional autoencoder of FashionAutoencoder.net (conv2d stride 2
 * twice, conv_transpose2d twice) trained to reproduce Fashion-MNIST images; prints the test
 * reconstruction MSE next to the MSE of predicting the mean training image, and writes a PNG of
 * one test image per class above its reconstruction.
 *
 * <pre>
 * java -cp ... dev.netc.samples.autoencoder.FashionAutoencoderMain [--data DIR|embedded] [--epochs N]
 *     [--batch N] [--limit N] [--seed N] [--png FILE (default fashion-autoencoder.png)]
 * </pre>
 */
public final class FashionAutoencoderMain {
  private FashionAutoencoderMain() {}

  public static void main(String[] args) throws Exception {
    Path data = null;
    Integer epochs = null;
    Integer batch = null;
    Long seedOption = null;
    int limit = 0;
    Path png = Path.of("fashion-autoencoder.png");
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
        case "--seed" -> seedOption = Long.parseLong(v);
        case "--png" -> png = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; fashion-autoencoder takes --data --epochs --batch --limit --seed --png");
      }
    }
    FashionMnist.Data d = FashionMnist.load(data);
    Dataset train = d.train();
    if (limit > 0 && limit < train.size()) {
      train = train.subset(0, limit);
    }
    System.out.println("data: " + d.source() + (limit > 0 ? ", training on the first " + train.size() : ""));
    FashionAutoencoder model = new FashionAutoencoder();
    System.out.print(model.summary());
    long seed = seedOption != null ? seedOption : model.trainingSpec().seed();
    model.initialize(seed);
    History history = Trainer.builder(model)
        .seed(seed)
        .epochs(epochs != null ? epochs : model.trainingSpec().epochs())
        .batchSize(batch != null ? batch : model.trainingSpec().batchSize())
        .log(System.out)
        .build()
        .fit(Reconstructions.selfTargets(train));
    double seconds = history.epochs().stream().mapToDouble(History.Epoch::seconds).sum();
    double mse = Reconstructions.mse(model, d.test());
    double baseline = Reconstructions.constantMse(d.test(), Reconstructions.meanImage(train));
    System.out.printf(Locale.ROOT, "fashion-autoencoder: test reconstruction MSE %.5f on %d images"
        + " (mean training image: %.5f) after %d epochs, %.1f s/epoch%n",
        mse, d.test().size(), baseline, history.size(), seconds / history.size());
    ReconstructionPng.write(model, d.test(), png);
    System.out.println("wrote " + png.toAbsolutePath() + ": test images (top) and their reconstructions (bottom)");
  }
}
