package dev.netc.codegen.ops;

import java.util.Locale;

/**
 * How a layer's matrix product is written in the generated code. {@code CostModel} picks one per
 * layer; docs/cost-model.md has the measurements behind the choice.
 */
public enum Kernel {
  /** Straight-line code: every multiply-add a statement, weights read from {@code p} at constant offsets. */
  UNROLLED,
  /** Calls to the runtime's register-blocked SIMD kernels ({@code dev.netc.runtime.kernels.Gemm}). */
  GEMM;

  /** The lower-case name used in reports and options: {@code unrolled}, {@code gemm}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
