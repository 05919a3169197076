package dev.netc.samples.autoencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.FashionAutoencoder;
import dev.netc.samples.FashionMnist;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fashion-autoencoder sample learns to reconstruct images: after a short training on the
 * embedded subset its test reconstruction error is well below that of predicting the mean image,
 * and its PNG holds two rows of ten images.
 */
class FashionAutoencoderTest {

  @Test
  void reconstructionBeatsTheMeanImageByFar(@TempDir Path dir) throws Exception {
    FashionMnist.Data data = FashionMnist.embedded();
    Dataset train = data.train().subset(0, 3000);
    Dataset test = data.test().subset(0, 500);
    FashionAutoencoder model = new FashionAutoencoder();
    model.initialize(42);
    double before = Reconstructions.mse(model, test);
    Trainer.builder(model).seed(42).epochs(2).batchSize(32).build().fit(Reconstructions.selfTargets(train));
    double mse = Reconstructions.mse(model, test);
    double baseline = Reconstructions.constantMse(test, Reconstructions.meanImage(train));
    System.out.printf("reconstruction MSE %.5f (untrained %.5f), mean image %.5f%n", mse, before, baseline);
    // the mean image leaves every pixel's variance (~0.09 here); the untrained sigmoid outputs ~0.5 do worse
    assertTrue(before > baseline, "untrained " + before + " vs mean image " + baseline);
    assertTrue(mse < 0.4 * baseline, "reconstruction MSE " + mse + " vs mean image " + baseline);

    Path png = dir.resolve("recon.png");
    ReconstructionPng.write(model, test, png);
    BufferedImage image = ImageIO.read(png.toFile());
    int cell = ReconstructionPng.SIDE * ReconstructionPng.SCALE + ReconstructionPng.GAP;
    assertEquals(ReconstructionPng.GAP + 10 * cell, image.getWidth());
    assertEquals(ReconstructionPng.GAP + 2 * cell, image.getHeight());
  }

  @Test
  void theMseIsPerPixelAgainstTheInput() {
    float[] x = {0f, 1f, 0.5f, 0.5f};
    Dataset two = Dataset.of(x, new float[] {0f, 0f}, 2, 1);
    float[] mean = Reconstructions.meanImage(two);
    assertEquals(0.25f, mean[0]);
    assertEquals(0.75f, mean[1]);
    // (0.0625 + 0.0625 + 0.0625 + 0.0625) / 4 pixels
    assertEquals(0.0625, Reconstructions.constantMse(two, mean), 1e-9);
  }
}
