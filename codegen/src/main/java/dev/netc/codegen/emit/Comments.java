package dev.netc.codegen.emit;

/**
 * Makes text safe inside generated comments and Javadoc: it cannot close or open a comment, and
 * no backslash survives, so no Unicode escape ({@code \\u000a}, {@code \\u002a/}) can smuggle code
 * past javac, which decodes such escapes everywhere in a source file, comments included.
 */
final class Comments {
  private Comments() {}

  static String safe(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // first map backslashes: "*\" must not become "*/" after the check below
      if (c == '\\') {
        c = '/';
      } else if (c != '\n' && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
        c = '?';
      }
      char previous = out.length() == 0 ? 0 : out.charAt(out.length() - 1);
      if ((previous == '*' && c == '/') || (previous == '/' && c == '*')) {
        out.append(' ');
      }
      out.append(c);
    }
    return out.toString();
  }
}
