package dev.netc.runtime;

import java.util.Arrays;

/**
 * One tensor in the flat parameter buffer.
 *
 * @param name layer name and role, e.g. {@code "dense_1.weight"}
 * @param layer the layer name, e.g. {@code "dense_1"}
 * @param offset first index in the flat buffer
 * @param shape tensor shape (dense weights are {@code [in, out]})
 * @param init how {@link Model#initialize} fills it
 * @param fanIn inputs per output unit, for scaled initializers
 * @param fanOut outputs per input unit, for scaled initializers
 * @param trainable false for state the forward pass maintains itself (batch-norm running
 *     statistics): optimizers, weight decay and gradient clipping must leave it alone
 */
public record ParameterInfo(
    String name,
    String layer,
    int offset,
    int[] shape,
    Init init,
    int fanIn,
    int fanOut,
    boolean trainable) {

  /**
   * A trainable tensor.
   * @param name layer name and role
   * @param layer the layer name
   * @param offset first index in the flat buffer
   * @param shape tensor shape
   * @param init how it is initialized
   * @param fanIn inputs per output unit
   * @param fanOut outputs per input unit
   */
  public ParameterInfo(String name, String layer, int offset, int[] shape, Init init, int fanIn, int fanOut) {
    this(name, layer, offset, shape, init, fanIn, fanOut, true);
  }

  /** {@return the number of floats: the product of the shape} */
  public int size() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + "@" + offset + " " + init;
  }
}
