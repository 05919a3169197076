package dev.netc.runtime.data;

import dev.netc.runtime.ThreadAllocation;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property of CSV data (docs/fuzzing.md): whatever the text and settings, {@link
 * CsvData#classification} and {@link CsvData#regression} return a dataset with one example per
 * data row, or throw an {@link IllegalArgumentException} that says what is wrong and names a line
 * that exists; never another exception; memory linear in the text.
 *
 * <p>Input layout: one mode byte, then the text (UTF-8). Bit 0: a header line; bits 1-3: the label
 * column, one of {@link #LABEL_COLUMNS}; bits 4-6: the class count, one of {@link #CLASSES};
 * bit 7: regression instead of classification.
 */
public final class CsvFuzzTarget {
  static final int[] LABEL_COLUMNS = {-1, 0, 1, 2, -2, 3, 9, -9};
  static final int[] CLASSES = {3, 2, 1, 4, 10, 256, 0, -1};
  private static final Pattern LINE = Pattern.compile("^line (\\d+)");
  /** Per character: a field's String and array slot, and its float. */
  private static final long PER_CHAR = 200;

  private CsvFuzzTarget() {}

  public static void fuzzerTestOneInput(byte[] data) {
    ThreadAllocation.twiceIfExcessive(() -> check(data));
  }

  private static void check(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int mode = data[0] & 0xFF;
    boolean header = (mode & 1) != 0;
    int labelColumn = LABEL_COLUMNS[(mode >> 1) & 7];
    int classes = CLASSES[(mode >> 4) & 7];
    String text = new String(Arrays.copyOfRange(data, 1, data.length), StandardCharsets.UTF_8);
    long start = ThreadAllocation.bytes();
    try {
      Dataset d = (mode & 0x80) != 0
          ? CsvData.regression(new StringReader(text), header, labelColumn)
          : CsvData.classification(new StringReader(text), header, labelColumn, classes);
      if (d.size() < 1 || d.size() > text.lines().count()) {
        throw new AssertionError(d.size() + " examples from " + text.lines().count() + " lines");
      }
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      if (m == null || m.isBlank()) {
        throw new AssertionError("an error without a message", e);
      }
      Matcher line = LINE.matcher(m);
      if (line.find() && Long.parseLong(line.group(1)) > text.lines().count() + 1) {
        throw new AssertionError("names line " + line.group(1) + " of a " + text.lines().count() + "-line text: " + m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a StringReader cannot fail", e);
    } finally {
      ThreadAllocation.requireAtMost(start, (1 << 20) + PER_CHAR * text.length(), "reading " + text.length() + " characters of CSV");
    }
  }
}
