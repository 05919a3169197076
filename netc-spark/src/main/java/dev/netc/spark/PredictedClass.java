package dev.netc.spark;

import org.apache.spark.sql.api.java.UDF1;

/**
 * The prediction read off a raw-output column {@link ScoringFunction} filled: the index of the
 * largest value of the network's first output, so the forward pass runs once per row when both
 * columns are asked for.
 */
final class PredictedClass implements UDF1<scala.collection.Seq<Float>, Double> {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final int size;

  /**
   * @param offset where the first output starts in the raw output
   * @param size its length
   */
  PredictedClass(int offset, int size) {
    this.offset = offset;
    this.size = size;
  }

  @Override
  public Double call(scala.collection.Seq<Float> raw) {
    int best = 0;
    for (int i = 1; i < size; i++) {
      if (raw.apply(offset + i) > raw.apply(offset + best)) {
        best = i;
      }
    }
    return (double) best;
  }
}
