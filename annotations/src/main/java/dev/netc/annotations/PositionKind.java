package dev.netc.annotations;

/** The kinds of {@link PositionalEmbedding}. */
public enum PositionKind {
  /** {@code learned}: one trained vector per position. */
  LEARNED,
  /** {@code sinusoidal}: the fixed sines and cosines of the Transformer paper. */
  SINUSOIDAL;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code sinusoidal}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
