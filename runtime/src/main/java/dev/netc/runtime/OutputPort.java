package dev.netc.runtime;

import java.util.Arrays;

/**
 * One output of a network and its loss ({@code output logits, aux;} with one {@code loss} each).
 * Several outputs are packed like inputs: per example, each output's floats one after the other in
 * declaration order, and so are their targets.
 *
 * @param name the value's name
 * @param shape per-example shape, without the batch dimension
 * @param offset where this output's floats start within one packed output example
 * @param loss the loss on this output
 * @param weight the loss's weight in the total loss the optimizer minimizes
 * @param targetOffset where this output's target floats start within one packed target example
 * @param targetSize target floats per example for this output
 */
public record OutputPort(String name, int[] shape, int offset, LossKind loss, double weight,
    int targetOffset, int targetSize) {

  /** {@return floats per example of this output} */
  public int size() {
    return ModelLayout.product(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + " " + loss + (weight == 1 ? "" : " x" + weight);
  }
}
