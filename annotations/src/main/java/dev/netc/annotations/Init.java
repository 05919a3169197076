package dev.netc.annotations;

/** Weight initializations of {@link Dense#init()} and the convolutions, by their .net names. */
public enum Init {
  /** {@code auto}: He for relu-like activations, Xavier otherwise. */
  AUTO,
  /** {@code xavier_uniform}: Glorot uniform. */
  XAVIER_UNIFORM,
  /** {@code xavier_normal}: Glorot normal. */
  XAVIER_NORMAL,
  /** {@code he_normal}: Kaiming normal. */
  HE_NORMAL,
  /** {@code he_uniform}: Kaiming uniform. */
  HE_UNIFORM;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code he_uniform}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
