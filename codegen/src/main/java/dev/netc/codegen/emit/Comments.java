package dev.netc.codegen.emit;

/**
 * Makes text safe inside generated comments and Javadoc: it cannot close the comment, and no
 * backslash survives, so no Unicode escape ({@code \\u000a}) can smuggle code past javac.
 */
final class Comments {
  private Comments() {}

  static String safe(String text) {
    return text.replace("*/", "* /").replace("/*", "/ *").replace("\\", "/");
  }
}
