package dev.netc.codegen.base;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A static per-example shape (the batch dimension is implicit). */
public final class Shape {
  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims;
  }

  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int i) {
    return dims[i];
  }

  public int[] dims() {
    return dims.clone();
  }

  /** Number of elements, saturating at Long.MAX_VALUE so absurd shapes can be reported, not overflowed. */
  public long size() {
    long n = 1;
    for (int d : dims) {
      n = Math.multiplyHigh(n, d) != 0 ? Long.MAX_VALUE : n * d;
      if (n < 0) {
        return Long.MAX_VALUE;
      }
    }
    return n;
  }

  /** {@code float[28, 28]}: how shapes appear in messages and generated comments. */
  public String describe() {
    return "float" + this;
  }

  @Override
  public String toString() {
    return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }
}
