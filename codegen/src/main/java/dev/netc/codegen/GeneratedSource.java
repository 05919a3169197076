package dev.netc.codegen;

/** One generated Java compilation unit. */
public record GeneratedSource(String packageName, String simpleName, String code) {

  /** {@return the fully qualified class name, {@code packageName.simpleName}} */
  public String qualifiedName() {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }

  /**
   * Path relative to a source root, with '/' separators, e.g. {@code com/acme/FashionMlp.java}.
   * @return the path, such as {@code com/acme/FashionMlp.java}
   */
  public String relativePath() {
    return qualifiedName().replace('.', '/') + ".java";
  }
}
