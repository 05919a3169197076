package dev.netc.codegen.ops;

import java.util.Locale;

/**
 * How a layer's matrix product is written in the generated code. {@link CostModel} picks one per
 * layer; docs/cost-model.md has the measurements behind the choice.
 */
public enum Kernel {
  /** Straight-line code: every multiply-add a statement, weights read from {@code p} at constant offsets. */
  UNROLLED,
  /** Plain nested loops with the sizes as literals, left to C2 to unroll and vectorize. */
  LOOPS,
  /** Calls to the runtime's register-blocked SIMD kernels ({@code dev.netc.runtime.kernels.Gemm}). */
  GEMM;

  /** The lower-case name used in reports and options: {@code unrolled}, {@code loops}, {@code gemm}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
