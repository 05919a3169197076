package dev.netc.onnx.core;

import java.util.Arrays;

/**
 * An ONNX value (a graph input or a node output) as the imported network holds it: the netc value
 * with its per-example shape, and the per-example shape ONNX gives it. They differ only in rank
 * (netc's {@code global_avgpool} gives {@code [C]} where ONNX has {@code [C, 1, 1]}); the memory
 * order is the same, so a reshape view reconciles them where a layer needs ONNX's rank.
 *
 * @param netc the netc value's name
 * @param netcShape its per-example shape in netc
 * @param onnxShape its per-example shape in ONNX (the batch axis left out)
 * @param integer whether it holds token ids (an {@code int[...]} input)
 */
public record Value(String netc, int[] netcShape, int[] onnxShape, boolean integer) {

  /** A value whose netc shape is its ONNX shape. */
  public static Value of(String netc, int[] shape) {
    return new Value(netc, shape, shape, false);
  }

  /** Elements per example. */
  public long size() {
    long n = 1;
    for (int d : onnxShape) {
      n *= d;
    }
    return n;
  }

  /** The rank in ONNX, the batch axis included. */
  public int onnxRank() {
    return onnxShape.length + 1;
  }

  /** Whether netc holds it in the shape ONNX gives. */
  public boolean sameShape() {
    return Arrays.equals(netcShape, onnxShape);
  }
}
