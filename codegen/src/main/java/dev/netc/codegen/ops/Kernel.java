package dev.netc.codegen.ops;

import java.util.Locale;

/**
 * How a layer's heavy loops are written in the generated code. {@code CostModel} picks one per
 * layer: for a dense or time_dense product {@link #UNROLLED} or {@link #GEMM} (docs/cost-model.md
 * has the measurements behind the choice), for a convolution one of {@link #IM2COL}, {@link
 * #POINTWISE}, {@link #DIRECT} (docs/convolution.md).
 */
public enum Kernel {
  /** Straight-line code: every multiply-add a statement, weights read from {@code p} at constant offsets. */
  UNROLLED,
  /** Calls to the runtime's register-blocked SIMD kernels ({@code dev.netc.runtime.kernels.Gemm}). */
  GEMM,
  /** Convolution: im2col over the batch into a workspace matrix, then one Gemm product per direction. */
  IM2COL,
  /** Convolution with a 1x1 window at stride 1 without padding: the input is the matrix, one Gemm product per example. */
  POINTWISE,
  /** Convolution as direct loops over filters, channels and taps (no workspace matrix, no Gemm). */
  DIRECT;

  /** The lower-case name used in reports and options: {@code unrolled}, {@code gemm}, {@code im2col}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is a way of writing a convolution rather than a dense product. */
  public boolean convolution() {
    return this == IM2COL || this == POINTWISE || this == DIRECT;
  }
}
