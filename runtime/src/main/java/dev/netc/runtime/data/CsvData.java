package dev.netc.runtime.data;

import dev.netc.runtime.RegularFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads numeric CSV into a {@link Dataset}: comma-separated, optional header line, one column is
 * the label (an integer class for classification, or a number for regression), every other
 * column an input feature. Errors name the line and column, since CSV files are hand-edited.
 */
public final class CsvData {
  private CsvData() {}

  /**
   * A classification dataset: the label column holds class indices in {@code [0, classes)};
   * targets are one-hot. {@code labelColumn} may be negative to count from the end (-1: last).
   * @param file the CSV file
   * @param header whether the first line is a header
   * @param labelColumn the label's column, from 0 (negative counts from the end)
   * @param classes the number of classes
   * @return the dataset
   * @throws IOException when the file cannot be read or a value is malformed
   */
  public static Dataset classification(Path file, boolean header, int labelColumn, int classes) throws IOException {
    RegularFiles.require(file, "CSV file");
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return classification(r, header, labelColumn, classes);
    }
  }

  /**
   * {@link #classification(Path, boolean, int, int)} from a reader, which is not closed.
   *
   * @param in the CSV text
   * @param header whether the first line is a header
   * @param labelColumn the label's column, from 0 (negative counts from the end)
   * @param classes the number of classes
   * @return the dataset
   * @throws IOException when the text cannot be read or a value is malformed
   */
  public static Dataset classification(Reader in, boolean header, int labelColumn, int classes) throws IOException {
    Table t = read(in, header, labelColumn);
    int[] labels = new int[t.labels.length];
    for (int i = 0; i < labels.length; i++) {
      double v = t.labels[i];
      if (v != Math.rint(v) || v < 0 || v >= classes) {
        throw new IllegalArgumentException("line " + t.lines[i] + ": label " + v + " is not a class in [0, " + classes + ")");
      }
      labels[i] = (int) v;
    }
    return Dataset.classification(t.x, t.features, labels, classes);
  }

  /**
   * A regression dataset with the label column as the single target.
   * @param in the CSV text
   * @param header whether the first line is a header
   * @param labelColumn the label's column, from 0 (negative counts from the end)
   * @return the dataset
   * @throws IOException when the text cannot be read or a value is malformed
   */
  public static Dataset regression(Reader in, boolean header, int labelColumn) throws IOException {
    Table t = read(in, header, labelColumn);
    float[] y = new float[t.labels.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) t.labels[i];
    }
    return Dataset.of(t.x, y, t.features, 1);
  }

  private record Table(float[] x, double[] labels, int features, int[] lines) {}

  private static Table read(Reader in, boolean header, int labelColumn) throws IOException {
    BufferedReader r = new BufferedReader(in);
    List<String[]> rows = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    int columns = -1;
    int lineNo = 0;
    for (String line; (line = r.readLine()) != null; ) {
      lineNo++;
      if (line.isBlank() || (header && rows.isEmpty() && lineNumbers.isEmpty() && lineNo == 1)) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (columns < 0) {
        columns = f.length;
      } else if (f.length != columns) {
        throw new IllegalArgumentException("line " + lineNo + ": " + f.length + " columns, expected " + columns);
      }
      rows.add(f);
      lineNumbers.add(lineNo);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no data rows");
    }
    int label = labelColumn < 0 ? columns + labelColumn : labelColumn;
    if (label < 0 || label >= columns) {
      throw new IllegalArgumentException("label column " + labelColumn + " outside " + columns + " columns");
    }
    int features = columns - 1;
    float[] x = new float[rows.size() * features];
    double[] y = new double[rows.size()];
    int[] lines = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      String[] f = rows.get(i);
      lines[i] = lineNumbers.get(i);
      for (int c = 0, k = 0; c < columns; c++) {
        double v;
        try {
          v = Double.parseDouble(f[c].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + lines[i] + ", column " + (c + 1) + ": not a number: '" + f[c] + "'");
        }
        if (c == label) {
          y[i] = v;
        } else {
          x[i * features + k++] = (float) v;
        }
      }
    }
    return new Table(x, y, features, lines);
  }
}
