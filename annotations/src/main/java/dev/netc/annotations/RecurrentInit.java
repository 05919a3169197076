package dev.netc.annotations;

/** Initializations of a recurrent layer's recurrent weights ({@code recurrentInit}). */
public enum RecurrentInit {
  /** {@code orthogonal}: a random orthogonal matrix per gate (the default). */
  ORTHOGONAL,
  /** {@code xavier_uniform}: Glorot uniform. */
  XAVIER_UNIFORM;

  /**
   * The name a .net file uses.
   * @return the lower-case name, such as {@code xavier_uniform}
   */
  public String dslName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
