package dev.netc.samples.autoencoder;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A PNG of one test image per class (the first of each) in the top row and the autoencoder's
 * reconstruction of each below it, grey levels, every pixel drawn as a {@link #SCALE}x{@link
 * #SCALE} square with a {@link #GAP}-pixel white gap between images.
 */
public final class ReconstructionPng {
  static final int SIDE = 28;
  static final int SCALE = 3;
  static final int GAP = 4;

  private ReconstructionPng() {}

  /** Indices of the first image of each of the {@code classes} classes, in class order. */
  static int[] firstOfEachClass(Dataset test, int classes) {
    int[] pick = new int[classes];
    java.util.Arrays.fill(pick, -1);
    int found = 0;
    for (int i = 0; i < test.size() && found < classes; i++) {
      int label = test.label(i);
      if (pick[label] < 0) {
        pick[label] = i;
        found++;
      }
    }
    if (found < classes) {
      throw new IllegalArgumentException("the test set lacks an image of some class (found " + found + ")");
    }
    return pick;
  }

  /** Writes the originals and their reconstructions by {@code model} to {@code file}. */
  public static void write(Model model, Dataset test, Path file) throws IOException {
    int[] pick = firstOfEachClass(test, 10);
    int cell = SIDE * SCALE + GAP;
    BufferedImage image = new BufferedImage(GAP + pick.length * cell, GAP + 2 * cell, BufferedImage.TYPE_BYTE_GRAY);
    var g = image.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.dispose();
    int n = SIDE * SIDE;
    float[] in = new float[n];
    float[] out = new float[model.outputSize()];
    for (int k = 0; k < pick.length; k++) {
      System.arraycopy(test.inputs(), pick[k] * n, in, 0, n);
      model.predict(in, out);
      draw(image, in, GAP + k * cell, GAP);
      draw(image, out, GAP + k * cell, GAP + cell);
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer in this JDK");
    }
  }

  /** Fashion-MNIST is light on dark: 1 is white. Drawn dark on light so the page stays readable. */
  private static void draw(BufferedImage image, float[] pixels, int left, int top) {
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        float v = Math.max(0f, Math.min(1f, pixels[y * SIDE + x]));
        int grey = Math.round(255 * (1 - v));
        int rgb = grey << 16 | grey << 8 | grey;
        for (int dy = 0; dy < SCALE; dy++) {
          for (int dx = 0; dx < SCALE; dx++) {
            image.setRGB(left + x * SCALE + dx, top + y * SCALE + dy, rgb);
          }
        }
      }
    }
  }
}
