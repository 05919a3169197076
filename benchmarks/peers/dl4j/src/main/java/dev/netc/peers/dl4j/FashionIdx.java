package dev.netc.peers.dl4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST from IDX files (gzipped or not), pixels scaled to [0, 1] as netc's
 * {@code Idx} does: the same bytes the netc side and the other peers read.
 */
record FashionIdx(float[] images, int[] labels, int count, int imageSize) {

  static FashionIdx trainSet(Path dir) throws IOException {
    return read(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
  }

  static FashionIdx testSet(Path dir) throws IOException {
    return read(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
  }

  static FashionIdx read(Path dir, String imagesName, String labelsName) throws IOException {
    float[] pixels;
    int count;
    int size;
    try (DataInputStream in = open(dir, imagesName)) {
      if (in.readInt() != 0x803) {
        throw new IOException(imagesName + " is not an IDX image file");
      }
      count = in.readInt();
      size = in.readInt() * in.readInt();
      byte[] raw = new byte[count * size];
      in.readFully(raw);
      pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xFF) / 255f;
      }
    }
    int[] labels;
    try (DataInputStream in = open(dir, labelsName)) {
      if (in.readInt() != 0x801) {
        throw new IOException(labelsName + " is not an IDX label file");
      }
      int n = in.readInt();
      labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = in.readUnsignedByte();
      }
    }
    return new FashionIdx(pixels, labels, count, size);
  }

  private static DataInputStream open(Path dir, String name) throws IOException {
    Path gz = dir.resolve(name + ".gz");
    InputStream in = Files.isRegularFile(gz)
        ? new GZIPInputStream(Files.newInputStream(gz), 1 << 16)
        : Files.newInputStream(dir.resolve(name));
    return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
  }
}
