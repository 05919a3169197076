package dev.netc.runtime.data;

import dev.netc.runtime.RegularFiles;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST and Fashion-MNIST ship in: a big-endian header (magic {@code
 * 0x00000803} and count, rows, columns for images; {@code 0x00000801} and count for labels)
 * followed by unsigned bytes.
 *
 * <p>Files may be gzipped or not; this is decided from the gzip magic bytes, not the file name,
 * because downloads get renamed and browsers unpack silently. The header is not trusted: data is
 * read in bounded chunks and the result array is only allocated once the stream has proved to hold
 * as many bytes as the header declares, and a declared size above {@link #maxBytes()} is refused
 * before anything is read, so a corrupt count or a gzip bomb (a small file that inflates to
 * gigabytes) fails with a clear message instead of an {@code OutOfMemoryError}.
 */
public final class Idx {
  /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int CHUNK = 1 << 20;

  /**
   * The most data bytes a file may declare, 1 GiB (the largest EMNIST split holds about 550 MB),
   * unless the system property {@code netc.idx.maxBytes} sets another; and never more than a fifth
   * of the heap, since every byte read becomes a 4-byte float or int.
   */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  /**
   * Images scaled from {@code 0..255} to {@code [0, 1]}, image after image, row-major.
   *
   * @param pixels {@code count * rows * cols} floats
   */
  public record Images(float[] pixels, int count, int rows, int cols) {
    /**
     * Floats per image.
     * @return the image size
     */
    public int imageSize() {
      return rows * cols;
    }
  }

  private Idx() {}

  /**
   * The most data bytes a file may declare in this JVM: {@code netc.idx.maxBytes} (default {@link
   * #DEFAULT_MAX_BYTES}), lowered to a fifth of the maximum heap.
   *
   * @return the limit in bytes
   */
  public static long maxBytes() {
    long configured = Long.getLong("netc.idx.maxBytes", DEFAULT_MAX_BYTES);
    return Math.min(configured, Runtime.getRuntime().maxMemory() / 5);
  }

  /**
   * Reads an image file (gzipped or not).
   *
   * @param file the IDX image file
   * @return the images
   * @throws IOException when the file cannot be read or is no IDX image file
   */
  public static Images readImages(Path file) throws IOException {
    RegularFiles.require(file, "IDX image file");
    try (InputStream in = Files.newInputStream(file)) {
      return readImages(in, file.toString());
    }
  }

  /**
   * Reads images from a stream (gzipped or not) to its end; {@code source} names it in error
   * messages. The stream is not closed.
   * @param in the stream
   * @param source the stream's name
   * @return the images
   * @throws IOException when the stream cannot be read or holds no IDX images
   */
  public static Images readImages(InputStream in, String source) throws IOException {
    InputStream s = decompress(in, source);
    byte[] header = readHeader(s, IMAGES_MAGIC, "image", 16, source);
    int count = readInt(header, 4);
    int rows = readInt(header, 8);
    int cols = readInt(header, 12);
    if (count < 0 || rows < 1 || cols < 1) {
      throw new IOException(
          source + ": invalid IDX image dimensions " + count + " x " + rows + " x " + cols);
    }
    long perImage = (long) rows * cols;
    String what = count + " images of " + rows + "x" + cols;
    if (count > Long.MAX_VALUE / perImage) {
      // the product overflows even a long (found by fuzzing: it wrapped to a negative array size)
      throw new IOException(source + ": header declares " + what + ", more than one Java array can hold");
    }
    long bytes = count * perImage;
    byte[][] chunks = readData(s, bytes, what, source);
    float[] pixels = new float[(int) bytes];
    int k = 0;
    for (byte[] chunk : chunks) {
      for (byte b : chunk) {
        pixels[k++] = (b & 0xFF) / 255f;
      }
    }
    return new Images(pixels, count, rows, cols);
  }

  /**
   * Reads a label file (gzipped or not): one int in {@code 0..255} per example.
   * @param file the IDX label file
   * @return the labels
   * @throws IOException when the file cannot be read or is no IDX label file
   */
  public static int[] readLabels(Path file) throws IOException {
    RegularFiles.require(file, "IDX label file");
    try (InputStream in = Files.newInputStream(file)) {
      return readLabels(in, file.toString());
    }
  }

  /**
   * Reads labels from a stream (gzipped or not) to its end; {@code source} names it in error
   * messages. The stream is not closed.
   * @param in the stream
   * @param source the stream's name
   * @return the labels
   * @throws IOException when the stream cannot be read or holds no IDX labels
   */
  public static int[] readLabels(InputStream in, String source) throws IOException {
    InputStream s = decompress(in, source);
    byte[] header = readHeader(s, LABELS_MAGIC, "label", 8, source);
    int count = readInt(header, 4);
    if (count < 0) {
      throw new IOException(source + ": invalid IDX label count " + count);
    }
    byte[][] chunks = readData(s, count, count + " labels", source);
    int[] labels = new int[count];
    int k = 0;
    for (byte[] chunk : chunks) {
      for (byte b : chunk) {
        labels[k++] = b & 0xFF;
      }
    }
    return labels;
  }

  /**
   * Reads an image file and its label file into a classification dataset with one-hot targets
   * over {@code classes} classes.
   * @param images the IDX image file
   * @param labels the IDX label file
   * @param classes the number of classes
   * @return the dataset
   * @throws IOException when a file cannot be read or is malformed
   */
  public static Dataset readDataset(Path images, Path labels, int classes) throws IOException {
    Images im = readImages(images);
    int[] l = readLabels(labels);
    if (l.length != im.count()) {
      throw new IOException(
          labels + ": has " + l.length + " labels but " + images + " has " + im.count()
              + " images");
    }
    for (int i = 0; i < l.length; i++) {
      if (l[i] >= classes) {
        throw new IOException(
            labels + ": label " + l[i] + " of example " + i + " is outside [0, " + classes + ")");
      }
    }
    return Dataset.classification(im.pixels(), im.imageSize(), l, classes);
  }

  private static InputStream decompress(InputStream in, String source) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
    b.mark(2);
    int b0 = b.read();
    int b1 = b.read();
    b.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16);
      } catch (ZipException | EOFException e) {
        throw new IOException(source + ": corrupt gzip header (" + e.getMessage() + ")", e);
      }
    }
    return b;
  }

  private static void checkMagic(int magic, int expected, String kind, String source)
      throws IOException {
    if (magic == expected) {
      return;
    }
    String found;
    if (magic == IMAGES_MAGIC) {
      found = "an IDX image file";
    } else if (magic == LABELS_MAGIC) {
      found = "an IDX label file";
    } else if ((magic >>> 16) == 0) {
      found = "an IDX file of another type or rank";
    } else {
      found = "not an IDX file";
    }
    throw new IOException(
        String.format(
            "%s: expected an IDX %s file (magic 0x%08x), found magic 0x%08x: %s",
            source, kind, expected, magic, found));
  }

  /** Reads and checks the magic number first, so a wrong file type is named as such. */
  private static byte[] readHeader(
      InputStream in, int magic, String kind, int length, String source) throws IOException {
    byte[] h = new byte[length];
    int n = readFully(in, h, 0, 4, source);
    if (n == 4) {
      checkMagic(readInt(h, 0), magic, kind, source);
      n += readFully(in, h, 4, length - 4, source);
    }
    if (n < length) {
      throw new IOException(
          source + ": truncated IDX header (" + n + " of " + length + " bytes)");
    }
    return h;
  }

  /** Reads exactly {@code bytes} bytes in bounded chunks, then insists on the end of the stream. */
  private static byte[][] readData(InputStream in, long bytes, String what, String source)
      throws IOException {
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IOException(
          source + ": header declares " + what + " (" + bytes
              + " bytes), more than one Java array can hold");
    }
    long limit = maxBytes();
    if (bytes > limit) {
      throw new IOException(source + ": header declares " + what + " (" + bytes + " bytes of data),"
          + " over the limit of " + limit + " bytes (-Dnetc.idx.maxBytes, default " + DEFAULT_MAX_BYTES
          + ", at most a fifth of the " + Runtime.getRuntime().maxMemory() + "-byte heap, as every"
          + " byte becomes a 4-byte float); the header is likely corrupt, else raise the limit or -Xmx");
    }
    List<byte[]> chunks = new ArrayList<>();
    long read = 0;
    while (read < bytes) {
      byte[] chunk = new byte[(int) Math.min(CHUNK, bytes - read)];
      int n = readFully(in, chunk, 0, chunk.length, source);
      read += n;
      if (n < chunk.length) {
        throw new IOException(
            source + ": truncated: header declares " + what + " (" + bytes
                + " bytes of data) but the data ends after " + read + " bytes");
      }
      chunks.add(chunk);
    }
    // Count what follows, up to a bound, so the message can say how far off the header is.
    long extra = 0;
    byte[] probe = new byte[8192];
    int n;
    while (extra < CHUNK && (n = readSome(in, probe, source)) > 0) {
      extra += n;
    }
    if (extra > 0) {
      throw new IOException(
          source + ": header declares " + what + " (" + bytes + " bytes of data) but "
              + (extra >= CHUNK ? "at least " : "") + extra
              + " more bytes follow; the header or the file is wrong");
    }
    return chunks.toArray(new byte[0][]);
  }

  private static int readSome(InputStream in, byte[] buf, String source) throws IOException {
    try {
      int n = in.read(buf, 0, buf.length);
      return Math.max(n, 0);
    } catch (EOFException e) {
      throw new IOException(source + ": truncated gzip data (" + e.getMessage() + ")", e);
    } catch (ZipException e) {
      throw new IOException(source + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
  }

  private static int readFully(InputStream in, byte[] buf, int off, int len, String source)
      throws IOException {
    int total = 0;
    try {
      while (total < len) {
        int n = in.read(buf, off + total, len - total);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (EOFException e) {
      // GZIPInputStream reports a cut-off compressed stream this way.
      throw new IOException(source + ": truncated gzip data (" + e.getMessage() + ")", e);
    } catch (ZipException e) {
      throw new IOException(source + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
    return total;
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8
        | (b[at + 3] & 0xFF);
  }
}
