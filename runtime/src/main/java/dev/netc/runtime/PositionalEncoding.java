package dev.netc.runtime;

/**
 * The fixed sinusoidal position encoding of "Attention is all you need" (Vaswani et al., 2017),
 * which generated {@code positional_embedding(kind: sinusoidal)} layers add to their input: for
 * position {@code t} and feature {@code j}, with {@code i = j / 2} (integer division),
 * {@code sin(t / 10000^(2i / features))} when j is even and {@code cos} of the same angle when j
 * is odd.
 *
 * <p>Each table is computed once per shape (in double, rounded to float) and shared by every
 * model and thread, so a layer looks it up on every call without allocating.
 */
public final class PositionalEncoding {
  private PositionalEncoding() {}

  private record Table(int time, int features, float[] values) {}

  /** Copy-on-write: readers scan without locking, a new shape is added under the class lock. */
  private static volatile Table[] tables = new Table[0];

  /**
   * The table {@code [time, features]}, row-major. The array is shared: read it, never write it.
   *
   * @param time number of positions
   * @param features size of each position's vector
   * @return the shared table
   */
  public static float[] sinusoidal(int time, int features) {
    for (Table t : tables) {
      if (t.time() == time && t.features() == features) {
        return t.values();
      }
    }
    return add(time, features);
  }

  private static synchronized float[] add(int time, int features) {
    Table[] old = tables;
    for (Table t : old) {
      if (t.time() == time && t.features() == features) {
        return t.values();
      }
    }
    float[] values = compute(time, features);
    Table[] grown = java.util.Arrays.copyOf(old, old.length + 1);
    grown[old.length] = new Table(time, features, values);
    tables = grown;
    return values;
  }

  /**
   * A fresh table, computed in double.
   *
   * @param time number of positions
   * @param features size of each position's vector
   * @return {@code [time, features]}, row-major
   */
  public static float[] compute(int time, int features) {
    if (time < 1 || features < 1) {
      throw new IllegalArgumentException("positional encoding of " + time + " x " + features);
    }
    float[] values = new float[Math.multiplyExact(time, features)];
    for (int j = 0; j < features; j++) {
      double frequency = Math.pow(10000.0, -2.0 * (j / 2) / features);
      for (int t = 0; t < time; t++) {
        double angle = t * frequency;
        values[t * features + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
      }
    }
    return values;
  }
}
