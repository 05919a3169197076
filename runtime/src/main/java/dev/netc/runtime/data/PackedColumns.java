package dev.netc.runtime.data;

import dev.netc.runtime.Packing;

/**
 * Several per-port arrays of one set of examples (the inputs of a network with several inputs, or
 * the targets of one with several outputs), checked to hold the same number of examples and packed
 * per example in order, as {@link Dataset#of(dev.netc.runtime.Model, java.util.Map,
 * java.util.Map)} builds its arrays.
 *
 * @param names how messages call each array, e.g. "input meta of network Net"
 * @param sizes floats per example of each array
 * @param arrays the arrays, example after example
 */
record PackedColumns(String[] names, int[] sizes, float[][] arrays) {

  /** Floats per packed example. */
  int stride() {
    int n = 0;
    for (int s : sizes) {
      n = Math.addExact(n, s);
    }
    return n;
  }

  /**
   * The number of examples: the first array's, which every other must match, named with its size
   * per example when it does not.
   */
  int examples() {
    check(0);
    if (arrays[0].length % sizes[0] != 0) {
      throw new IllegalArgumentException(names[0] + " has " + arrays[0].length + " floats, not a whole"
          + " number of examples of " + sizes[0] + " floats");
    }
    int n = arrays[0].length / sizes[0];
    requireExamples(n, names[0]);
    return n;
  }

  /** Fails unless every array holds {@code n} examples, which {@code source} holds. */
  void requireExamples(int n, String source) {
    for (int i = 0; i < arrays.length; i++) {
      check(i);
      if (arrays[i].length != (long) n * sizes[i]) {
        throw new IllegalArgumentException(names[i] + " has " + arrays[i].length + " floats; " + n
            + " examples (as " + source + " holds) of " + sizes[i] + " floats are " + (long) n * sizes[i]);
      }
    }
  }

  private void check(int i) {
    if (sizes[i] < 1) {
      throw new IllegalArgumentException(names[i] + ": floats per example must be at least 1, got " + sizes[i]);
    }
    if (arrays[i] == null) {
      throw new IllegalArgumentException(names[i] + " is null");
    }
  }

  /** A new array of {@code n} packed examples. */
  float[] pack(int n) {
    int stride = stride();
    float[] packed = new float[Math.multiplyExact(n, stride)];
    int offset = 0;
    for (int i = 0; i < arrays.length; i++) {
      Packing.pack(arrays[i], sizes[i], packed, stride, offset, n);
      offset += sizes[i];
    }
    return packed;
  }
}
