package dev.netc.spark;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a network's inputs and targets out of {@link Row}s: numeric arrays ({@code array<float>},
 * {@code array<double>}) and Spark ML vectors for inputs, and for targets also a class label
 * ({@code int} or {@code long}), one-hot encoded when the network takes one float per class.
 */
final class RowValues {
  private RowValues() {}

  /**
   * Checks that {@code column} exists and holds numbers a network can read.
   *
   * @param labelAllowed whether an integer class label is accepted (targets)
   * @return the column's index
   */
  static int requireColumn(StructType schema, String column, String role, boolean labelAllowed) {
    StructField field = null;
    for (StructField f : schema.fields()) {
      if (f.name().equals(column)) {
        field = f;
      }
    }
    if (field == null) {
      throw new IllegalArgumentException("no " + role + " column \"" + column + "\" in " + schema.simpleString()
          + " (set the column name on the trainer or transformer)");
    }
    DataType t = field.dataType();
    boolean ok = t instanceof VectorUDT
        || t instanceof ArrayType a && isNumber(a.elementType())
        || labelAllowed && (t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType));
    if (!ok) {
      throw new IllegalArgumentException(role + " column \"" + column + "\" is " + t.simpleString()
          + "; a network reads array<float>, array<double> or a vector" + (labelAllowed ? ", or an int class label" : ""));
    }
    return schema.fieldIndex(column);
  }

  private static boolean isNumber(DataType t) {
    return t.equals(DataTypes.FloatType) || t.equals(DataTypes.DoubleType);
  }

  /**
   * Copies {@code size} numbers from column {@code col} of {@code row} to {@code dst[off..]}.
   *
   * @throws IllegalArgumentException when the value is null or has another length
   */
  static void readArray(Row row, int col, float[] dst, int off, int size, String column) {
    Object v = row.get(col);
    if (v == null) {
      throw new IllegalArgumentException("column \"" + column + "\" is null in row " + row);
    }
    if (v instanceof Vector vec) {
      requireLength(vec.size(), size, column);
      for (int i = 0; i < size; i++) {
        dst[off + i] = (float) vec.apply(i);
      }
      return;
    }
    List<Object> list = row.getList(col);
    requireLength(list.size(), size, column);
    for (int i = 0; i < size; i++) {
      Object e = list.get(i);
      if (e == null) {
        throw new IllegalArgumentException("column \"" + column + "\" has a null at position " + i);
      }
      dst[off + i] = ((Number) e).floatValue();
    }
  }

  /**
   * Copies a target: an array of {@code size} numbers, or a class label written as the class index
   * ({@code size} 1) or one-hot ({@code size} classes).
   */
  static void readTarget(Row row, int col, float[] dst, int off, int size, String column) {
    Object v = row.get(col);
    if (!(v instanceof Integer) && !(v instanceof Long)) {
      readArray(row, col, dst, off, size, column);
      return;
    }
    long label = ((Number) v).longValue();
    if (size == 1) {
      dst[off] = label;
      return;
    }
    if (label < 0 || label >= size) {
      throw new IllegalArgumentException("label " + label + " in column \"" + column + "\" is outside [0, "
          + size + "): the network's target has " + size + " floats, one per class");
    }
    for (int i = 0; i < size; i++) {
      dst[off + i] = 0f;
    }
    dst[off + (int) label] = 1f;
  }

  private static void requireLength(int got, int size, String column) {
    if (got != size) {
      throw new IllegalArgumentException("column \"" + column + "\" holds " + got + " numbers, the network takes "
          + size + " per example");
    }
  }
}
