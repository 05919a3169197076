package dev.netc.codegen.plan;

import dev.netc.codegen.ops.Kernel;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which kernel the compiler should use: {@link #AUTO} lets {@link CostModel} decide per layer; the
 * others force one kernel on every layer that can take it (for tests and benchmarks) and leave the
 * automatic choice to the rest: {@code unrolled} and {@code gemm} apply to dense and time_dense
 * products, {@code im2col} and {@code direct} to every convolution, {@code pointwise} to 1x1
 * convolutions at stride 1 without padding. A forced {@code unrolled} still falls back to Gemm where
 * the unrolled code would be too large for the JIT, a forced {@code pointwise} to im2col where the
 * window is not pointwise.
 */
public enum KernelPolicy {
  AUTO,
  UNROLLED,
  GEMM,
  IM2COL,
  POINTWISE,
  DIRECT;

  /** The forced kernel, or null for {@link #AUTO}. */
  public Kernel forced() {
    return this == AUTO ? null : Kernel.valueOf(name());
  }

  /** Parses {@code auto} or a kernel's {@link Kernel#label() label}, case-insensitively. */
  public static KernelPolicy parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String all = Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(", "));
      throw new IllegalArgumentException("unknown kernel policy '" + name + "': expected one of " + all);
    }
  }
}
