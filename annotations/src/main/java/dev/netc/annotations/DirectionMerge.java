package dev.netc.annotations;

/** How a bidirectional recurrent layer joins its two directions ({@code merge}). */
public enum DirectionMerge {
  /** {@code concat}: the forward then the backward state, twice as wide (the default). */
  CONCAT,
  /** {@code add}: their sum. */
  ADD;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code add}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
