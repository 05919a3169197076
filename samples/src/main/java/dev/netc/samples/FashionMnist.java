package dev.netc.samples;

import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.data.Idx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST: the full data set from a directory when there is one (the user's, or Debian's
 * {@code dataset-fashion-mnist} package), else the subset embedded in this jar (10,000 training
 * and 2,000 test images).
 */
public final class FashionMnist {
  /** Where Debian's dataset-fashion-mnist package installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  private static final String EMBEDDED = "/dev/netc/samples/data/";

  public static final String[] CLASS_NAMES = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
  };

  /** Training and test sets and a sentence saying where they came from. */
  public record Data(Dataset train, Dataset test, String source) {}

  private FashionMnist() {}

  /**
   * The full set from {@code dir}, or from Debian's directory, or the embedded subset; a {@code
   * dir} named {@code embedded} forces the subset.
   */
  public static Data load(Path dir) throws IOException {
    if (dir != null && dir.toString().equals("embedded")) {
      return embedded();
    }
    if (dir != null) {
      return fromDirectory(dir);
    }
    if (Files.isRegularFile(DEBIAN_DIR.resolve(TRAIN_IMAGES))) {
      return fromDirectory(DEBIAN_DIR);
    }
    return embedded();
  }

  public static Data fromDirectory(Path dir) throws IOException {
    Dataset train = Idx.readDataset(file(dir, TRAIN_IMAGES), file(dir, TRAIN_LABELS), 10);
    Dataset test = Idx.readDataset(file(dir, TEST_IMAGES), file(dir, TEST_LABELS), 10);
    return new Data(train, test, "full Fashion-MNIST from " + dir + " (" + train.size() + " training, "
        + test.size() + " test images)");
  }

  /** Accepts both the gzipped names and the plain ones. */
  private static Path file(Path dir, String gzName) throws IOException {
    Path gz = dir.resolve(gzName);
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = dir.resolve(gzName.substring(0, gzName.length() - 3));
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    throw new IOException("Fashion-MNIST file " + gz + " not found (nor " + plain.getFileName() + ")");
  }

  public static Data embedded() throws IOException {
    Dataset train = dataset(TRAIN_IMAGES, TRAIN_LABELS);
    Dataset test = dataset(TEST_IMAGES, TEST_LABELS);
    return new Data(train, test, "embedded Fashion-MNIST subset (" + train.size() + " training, "
        + test.size() + " test images); pass --data DIR or install dataset-fashion-mnist for the full set");
  }

  private static Dataset dataset(String images, String labels) throws IOException {
    Idx.Images im;
    try (InputStream in = resource(images)) {
      im = Idx.readImages(in, images);
    }
    int[] lab;
    try (InputStream in = resource(labels)) {
      lab = Idx.readLabels(in, labels);
    }
    if (lab.length != im.count()) {
      throw new IOException(images + " has " + im.count() + " images but " + labels + " has "
          + lab.length + " labels");
    }
    return Dataset.classification(im.pixels(), im.imageSize(), lab, 10);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = FashionMnist.class.getResourceAsStream(EMBEDDED + name);
    if (in == null) {
      throw new IOException("embedded data " + EMBEDDED + name + " is missing from the classpath");
    }
    return in;
  }
}
