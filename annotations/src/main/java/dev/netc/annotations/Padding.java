package dev.netc.annotations;

/**
 * Named paddings of the convolutions and pools ({@code padding: same}); explicit sizes go in
 * their {@code pad} element instead.
 */
public enum Padding {
  /** {@code valid}: no padding: the window stays inside the input. */
  VALID,
  /** {@code same}: as much padding as keeps the size at stride 1. */
  SAME;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code same}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
