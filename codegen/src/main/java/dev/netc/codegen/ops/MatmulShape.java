package dev.netc.codegen.ops;

/**
 * The matrix product a layer computes for each example: {@code rows} rows of {@code in} inputs
 * times an {@code [in, out]} weight (rows is 1 for dense, T for time_dense).
 */
public record MatmulShape(int rows, int in, int out) {

  /** Multiply-adds of one row: what the kernel choice is decided on. */
  public long macsPerRow() {
    return (long) in * out;
  }
}
