package dev.netc.runtime.data;

import dev.netc.runtime.ThreadAllocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The property of IDX files (docs/fuzzing.md): whatever the bytes, {@link Idx#readImages} and
 * {@link Idx#readLabels} return what the header declares (every pixel in [0, 1], every label in
 * 0..255) or throw an {@link IOException} whose message starts with the source's name; and they
 * allocate no more than a small multiple of the data actually present (after decompression),
 * however large the header's counts.
 *
 * <p>Input layout: one mode byte, then the stream. Bit 0 reads labels instead of images; bit 1
 * gzips the stream first, so that mutations of the plain layout also reach the gzip path (raw
 * inputs starting with the gzip magic reach it too, corrupt).
 */
public final class IdxFuzzTarget {
  static final String SOURCE = "fuzz.idx";
  /** Two 1 MiB chunks in flight, three 64 KiB buffers, the inflater: the fixed part of the bound. */
  private static final long FIXED = 3 << 20;
  /** A byte kept in a chunk and again as a 4-byte float or int. */
  private static final long PER_DATA_BYTE = 6;
  /** Inputs that inflate beyond this are not decompressed by the target to measure them. */
  private static final int MEASURE_CAP = 64 << 20;

  private IdxFuzzTarget() {}

  public static void fuzzerTestOneInput(byte[] data) {
    ThreadAllocation.twiceIfExcessive(() -> check(data));
  }

  private static void check(byte[] data) {
    if (data.length == 0) {
      return;
    }
    boolean labels = (data[0] & 1) != 0;
    byte[] stream = Arrays.copyOfRange(data, 1, data.length);
    long plain = stream.length;
    if ((data[0] & 2) != 0) {
      stream = gzip(stream);
    } else {
      plain = Math.max(plain, inflatedLength(stream));
    }
    long start = ThreadAllocation.bytes();
    try {
      if (labels) {
        for (int label : Idx.readLabels(new ByteArrayInputStream(stream), SOURCE)) {
          if (label < 0 || label > 255) {
            throw new AssertionError("label " + label + " outside 0..255");
          }
        }
      } else {
        Idx.Images im = Idx.readImages(new ByteArrayInputStream(stream), SOURCE);
        if (im.pixels().length != (long) im.count() * im.rows() * im.cols()) {
          throw new AssertionError(im.pixels().length + " pixels for " + im.count() + " x " + im.rows() + " x " + im.cols());
        }
        for (float p : im.pixels()) {
          if (!(p >= 0 && p <= 1)) {
            throw new AssertionError("pixel " + p + " outside [0, 1]");
          }
        }
      }
    } catch (IOException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith(SOURCE + ": ")) {
        throw new AssertionError("the message must name the source: " + e.getMessage(), e);
      }
    } finally {
      ThreadAllocation.requireAtMost(start, FIXED + PER_DATA_BYTE * plain, "reading " + plain + " bytes of IDX data");
    }
  }

  private static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** How many bytes a gzipped input inflates to (up to a cap); 0 for anything else or corrupt data. */
  private static long inflatedLength(byte[] stream) {
    if (stream.length < 2 || (stream[0] & 0xFF) != 0x1f || (stream[1] & 0xFF) != 0x8b) {
      return 0;
    }
    long total = 0;
    byte[] buf = new byte[8192];
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stream))) {
      for (int n; total < MEASURE_CAP && (n = in.read(buf)) > 0; ) {
        total += n;
      }
    } catch (IOException e) {
      // corrupt: the reader sees at most what inflated before the damage
    }
    return total;
  }
}
