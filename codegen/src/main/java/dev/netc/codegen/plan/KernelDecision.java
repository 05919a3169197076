package dev.netc.codegen.plan;

import dev.netc.codegen.ops.Kernel;
import dev.netc.codegen.ops.MatmulShape;

/**
 * What the cost model decided for one layer, and why in a few words.
 *
 * @param layer the layer's name, e.g. {@code dense_1}
 * @param op what the layer computes, e.g. {@code dense + relu}
 * @param shape the product per example (a convolution's: one row per output position), or null
 *     for layers whose kernel is fixed (recurrent)
 * @param kernel the kernel the generated code uses
 * @param reason why, e.g. {@code 8 MACs}, {@code window 3x3} or {@code forced}
 */
public record KernelDecision(String layer, String op, MatmulShape shape, Kernel kernel, String reason) {

  /** The summary table's cell: {@code unrolled (8 MACs)}. */
  public String cell() {
    return kernel.label() + " (" + reason + ")";
  }

  /** One line of the build report: {@code dense_1 (dense + tanh, 2x4): unrolled (8 MACs)}. */
  public String reportLine() {
    String size = shape == null ? "" : ", " + shape.in() + "x" + shape.out()
        + (shape.rows() == 1 ? "" : " on " + shape.rows() + " rows");
    return layer + " (" + op + size + "): " + cell();
  }
}
