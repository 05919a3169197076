package dev.netc.annotations;

/** How {@link SoftmaxCrossEntropy} reads its targets. */
public enum Targets {
  /** {@code distribution}: one probability per class (one-hot for labels; the default). */
  DISTRIBUTION,
  /** {@code class_index}: one class index per example, as a float. */
  CLASS_INDEX;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code class_index}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
