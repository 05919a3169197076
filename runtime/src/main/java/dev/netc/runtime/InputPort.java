package dev.netc.runtime;

import java.util.Arrays;

/**
 * One input of a network, as declared ({@code input image: float[1, 28, 28];}). A network with
 * several inputs takes them packed: per example, the floats of each input one after the other in
 * declaration order, this one at {@code offset} ({@link Packing} packs and unpacks).
 *
 * @param name the declared name
 * @param shape per-example shape, without the batch dimension
 * @param offset where this input's floats start within one packed example
 * @param integer whether it is an {@code int[...]} input (token ids passed as exact floats)
 */
public record InputPort(String name, int[] shape, int offset, boolean integer) {

  /** {@return floats per example of this input} */
  public int size() {
    return ModelLayout.product(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
