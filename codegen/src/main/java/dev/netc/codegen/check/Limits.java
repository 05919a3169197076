package dev.netc.codegen.check;

/** Sizes past which a network is rejected with a clear error instead of failing at run time. */
public final class Limits {
  private Limits() {}

  /** Floats per example in one value: 512 MB, far beyond any sane layer. */
  public static final long MAX_ELEMENTS = 1L << 27;

  /** A flat float[] cannot hold more. */
  public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;
}
