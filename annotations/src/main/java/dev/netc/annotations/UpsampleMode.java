package dev.netc.annotations;

/** How {@link Upsample} fills the new positions. */
public enum UpsampleMode {
  /** {@code nearest}: each value repeated factor times per axis. */
  NEAREST;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code nearest}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
