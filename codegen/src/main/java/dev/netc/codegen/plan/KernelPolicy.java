package dev.netc.codegen.plan;
import dev.netc.codegen.ops.Kernel;

import java.util.Locale;

/**
 * Which kernel the compiler should use: {@link #AUTO} lets {@link CostModel} decide per layer; the
 * others force one kernel on every layer that can take it (for tests and benchmarks). A forced
 * {@code unrolled} still falls back to Gemm where the unrolled code would be too large for the JIT.
 */
public enum KernelPolicy {
  AUTO,
  UNROLLED,
  GEMM;

  /** The forced kernel, or null for {@link #AUTO}. */
  public Kernel forced() {
    return switch (this) {
      case AUTO -> null;
      case UNROLLED -> Kernel.UNROLLED;
      case GEMM -> Kernel.GEMM;
    };
  }

  /** Parses {@code auto|unrolled|gemm}, case-insensitively. */
  public static KernelPolicy parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown kernel policy '" + name + "': expected auto, unrolled or gemm");
    }
  }
}
