package dev.netc.annotations;

/** The optimizers of {@link Optimizer}, by their .net names. */
public enum Optimizers {
  SGD,
  ADAM;

  /** The name a .net file uses. */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
