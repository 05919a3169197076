package dev.netc.runtime.data;

/**
 * Validation of training and inference data before it reaches a model: a NaN or infinity in the
 * data is reported with the example's index, instead of surfacing epochs later as a NaN loss.
 */
public final class DataChecks {
  private DataChecks() {}

  /**
   * Index of the first non-finite value (NaN or ±infinity) in {@code data}, or -1 when every
   * value is finite.
   * @param data the values
   * @return the index, or -1
   */
  public static long firstNonFinite(float[] data) {
    for (int i = 0; i < data.length; i++) {
      // NaN and infinities are exactly the values whose difference with themselves is not 0
      if (data[i] - data[i] != 0f) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Fails when {@code data}, examples of {@code perExample} floats each, holds a NaN or an
   * infinity, naming the example, the element inside it, and the value.
   *
   * @param what how messages call the data, such as "training inputs" or "targets"
   * @throws IllegalArgumentException naming the first bad example
   * @param data the values
   * @param perExample floats per example
   */
  public static void requireFinite(float[] data, int perExample, String what) {
    if (perExample < 1) {
      throw new IllegalArgumentException("perExample must be at least 1, got " + perExample);
    }
    long i = firstNonFinite(data);
    if (i >= 0) {
      float v = data[(int) i];
      throw new IllegalArgumentException(what + ": example " + (i / perExample) + " holds "
          + (Float.isNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity") + " at element "
          + (i % perExample) + " (of " + perExample + " per example); clean or drop that example");
    }
  }
}
