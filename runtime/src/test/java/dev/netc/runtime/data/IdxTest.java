package dev.netc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  private static byte[] images(int magic, int count, int rows, int cols, int dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(16 + dataBytes);
    b.putInt(magic).putInt(count).putInt(rows).putInt(cols);
    for (int i = 0; i < dataBytes; i++) {
      b.put((byte) (i * 37));
    }
    return b.array();
  }

  private static byte[] labels(int count, int... values) {
    ByteBuffer b = ByteBuffer.allocate(8 + values.length);
    b.putInt(Idx.LABELS_MAGIC).putInt(count);
    for (int v : values) {
      b.put((byte) v);
    }
    return b.array();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] data) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, data);
    return p;
  }

  private IOException failsImages(String name, byte[] data) throws IOException {
    Path p = write(name, data);
    IOException e = assertThrows(IOException.class, () -> Idx.readImages(p));
    assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
    return e;
  }

  @Test
  void readsImagesPlainAndGzippedWhateverTheName() throws IOException {
    byte[] raw = images(Idx.IMAGES_MAGIC, 3, 2, 4, 24);
    // Deliberately misleading names: detection goes by content.
    Idx.Images plain = Idx.readImages(write("images.gz", raw));
    Idx.Images zipped = Idx.readImages(write("images-ubyte", gzip(raw)));
    for (Idx.Images im : new Idx.Images[] {plain, zipped}) {
      assertEquals(3, im.count());
      assertEquals(2, im.rows());
      assertEquals(4, im.cols());
      assertEquals(8, im.imageSize());
      assertEquals(24, im.pixels().length);
      for (int i = 0; i < 24; i++) {
        assertEquals(((i * 37) & 0xFF) / 255f, im.pixels()[i]);
        assertTrue(im.pixels()[i] >= 0 && im.pixels()[i] <= 1);
      }
    }
    Idx.Images fromStream = Idx.readImages(new ByteArrayInputStream(gzip(raw)), "mem");
    assertArrayEquals(plain.pixels(), fromStream.pixels());
  }

  @Test
  void readsLabelsAndDataset() throws IOException {
    Path l = write("labels", gzip(labels(3, 2, 0, 255)));
    assertArrayEquals(new int[] {2, 0, 255}, Idx.readLabels(l));
    Path l2 = write("labels2", labels(3, 2, 0, 1));
    Path im = write("images", images(Idx.IMAGES_MAGIC, 3, 2, 2, 12));
    Dataset d = Idx.readDataset(im, l2, 3);
    assertEquals(3, d.size());
    assertEquals(4, d.inputSize());
    assertEquals(2, d.label(0));
    IOException e = assertThrows(IOException.class, () -> Idx.readDataset(im, l, 3));
    assertTrue(e.getMessage().contains("255"), e.getMessage());
    Path l3 = write("labels3", labels(2, 0, 1));
    e = assertThrows(IOException.class, () -> Idx.readDataset(im, l3, 3));
    assertTrue(e.getMessage().contains("2 labels but"), e.getMessage());
  }

  @Test
  void rejectsWrongMagic() throws IOException {
    IOException e = failsImages("bad", images(0x12345678, 1, 2, 2, 4));
    assertTrue(e.getMessage().contains("magic 0x12345678"), e.getMessage());
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    Path labelFile = write("labels", labels(1, 1));
    e = assertThrows(IOException.class, () -> Idx.readImages(labelFile));
    assertTrue(e.getMessage().contains("an IDX label file"), e.getMessage());
    Path imageFile = write("images", images(Idx.IMAGES_MAGIC, 1, 1, 1, 1));
    e = assertThrows(IOException.class, () -> Idx.readLabels(imageFile));
    assertTrue(e.getMessage().contains("an IDX image file"), e.getMessage());
  }

  @Test
  void rejectsBadDimensions() throws IOException {
    IOException e = failsImages("dims", images(Idx.IMAGES_MAGIC, 1, 0, 2, 0));
    assertTrue(e.getMessage().contains("dimensions"), e.getMessage());
    e = failsImages("neg", images(Idx.IMAGES_MAGIC, -5, 2, 2, 0));
    assertTrue(e.getMessage().contains("dimensions"), e.getMessage());
  }

  /**
   * Found by fuzzing (crash-e0b1a07d…, crash-2aeed3f2… in IdxFuzzTestInputs): count x rows x cols
   * overflowed a long and wrapped, to a negative array size or to an allocation the data never
   * justified (OutOfMemoryError).
   */
  @Test
  void dimensionsWhoseProductOverflowsALongAreRefused() throws IOException {
    IOException e = failsImages("wrap", images(Idx.IMAGES_MAGIC, 524_288, 0x28140000 | 0x8c, 0x25b4c8dc, 0));
    assertTrue(e.getMessage().endsWith(": header declares 524288 images of 672399500x632604892, more than one Java"
        + " array can hold"), e.getMessage());
    e = failsImages("max", images(Idx.IMAGES_MAGIC, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 4));
    assertTrue(e.getMessage().contains("more than one Java array can hold"), e.getMessage());
  }

  @Test
  void rejectsTruncatedHeaderAndData() throws IOException {
    byte[] raw = images(Idx.IMAGES_MAGIC, 3, 2, 4, 24);
    IOException e = failsImages("short-header", Arrays.copyOf(raw, 10));
    assertTrue(e.getMessage().contains("truncated IDX header (10 of 16 bytes)"), e.getMessage());
    e = failsImages("short-data", Arrays.copyOf(raw, 30));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("3 images of 2x4 (24 bytes of data)"), e.getMessage());
    assertTrue(e.getMessage().contains("ends after 14 bytes"), e.getMessage());
    e = failsImages("short-data.gz", gzip(Arrays.copyOf(raw, 30)));
    assertTrue(e.getMessage().contains("ends after 14 bytes"), e.getMessage());
    byte[] zipped = gzip(raw);
    e = failsImages("cut.gz", Arrays.copyOf(zipped, zipped.length / 2));
    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
  }

  @Test
  void rejectsTrailingData() throws IOException {
    byte[] raw = images(Idx.IMAGES_MAGIC, 2, 2, 4, 24);
    IOException e = failsImages("long", raw);
    assertTrue(e.getMessage().contains("8 more bytes follow"), e.getMessage());
  }

  @Test
  void hugeDeclaredCountFailsWithoutAllocatingIt() throws IOException {
    // 2,000,000 images of 28x28 declared (1.5 GB, over the limit), 100 bytes present: refused
    // before reading, no OOM.
    IOException e = failsImages("liar", images(Idx.IMAGES_MAGIC, 2_000_000, 28, 28, 100));
    assertTrue(e.getMessage().contains("1568000000 bytes of data), over the limit of"), e.getMessage());
    // 20,000 declared (15.7 MB, under the limit), 100 bytes present: read as far as it goes.
    e = failsImages("liar-small", images(Idx.IMAGES_MAGIC, 20_000, 28, 28, 100));
    assertTrue(e.getMessage().contains("ends after 100 bytes"), e.getMessage());
    e = failsImages("liar2", images(Idx.IMAGES_MAGIC, Integer.MAX_VALUE, 28, 28, 0));
    assertTrue(e.getMessage().contains("more than one Java array"), e.getMessage());
    Path l = write("liar-labels", labels(Integer.MAX_VALUE - 10, 1, 2, 3));
    e = assertThrows(IOException.class, () -> Idx.readLabels(l));
    assertTrue(e.getMessage().contains("2147483637 bytes of data), over the limit of"), e.getMessage());
    Path s = write("liar-labels-small", labels(1_000_000, 1, 2, 3));
    e = assertThrows(IOException.class, () -> Idx.readLabels(s));
    assertTrue(e.getMessage().contains("ends after 3 bytes"), e.getMessage());
  }

  @Test
  void aSmallStreamThatInflatesToGigabytesIsRefusedBeforeItIsRead() {
    // A gzip bomb's view from the reader: a header declaring 2,400,000 images of 28x28 (1.88 GB),
    // then as many zero bytes as anyone asks for. Reading it all (and 7.5 GB of floats) would
    // exhaust the heap; it must fail on the declared size, naming the source, size and limit.
    ByteBuffer header = ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(2_400_000).putInt(28).putInt(28);
    java.io.InputStream endless = new java.io.InputStream() {
      private int at;

      @Override
      public int read() {
        return at < 16 ? header.array()[at++] & 0xFF : 0;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (at < 16) {
          return super.read(b, off, Math.min(len, 16 - at));
        }
        Arrays.fill(b, off, off + len, (byte) 0);
        return len;
      }
    };
    IOException e = assertThrows(IOException.class, () -> Idx.readImages(endless, "bomb.gz"));
    assertTrue(e.getMessage().startsWith("bomb.gz: header declares 2400000 images of 28x28 (1881600000 bytes"
        + " of data), over the limit of " + Idx.maxBytes() + " bytes"), e.getMessage());
  }

  @Test
  void aFifoOrDirectoryIsRefusedInsteadOfBlocking() throws Exception {
    Path dirAsFile = Files.createDirectory(dir.resolve("images-dir"));
    IOException e = assertThrows(IOException.class, () -> Idx.readImages(dirAsFile));
    assertEquals(dirAsFile + ": the IDX image file is a directory, not a regular file; netc reads and"
        + " writes only regular files (a FIFO would block forever), so give the path of the file itself",
        e.getMessage());
    Path fifo = dir.resolve("labels.fifo");
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo(fifo), "mkfifo is not available");
    // before the check, opening a FIFO nobody writes to blocked forever: bound the wait
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
      IOException f = assertThrows(IOException.class, () -> Idx.readLabels(fifo));
      assertTrue(f.getMessage().contains("the IDX label file is a FIFO, socket or device"), f.getMessage());
      f = assertThrows(IOException.class, () -> CsvData.classification(fifo, true, -1, 2));
      assertTrue(f.getMessage().contains("the CSV file is a FIFO"), f.getMessage());
    });
  }

  /** Makes a named pipe with the system's mkfifo; false where there is none (Windows). */
  static boolean mkfifo(Path fifo) {
    try {
      return new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
