package dev.netc.codegen.base;

import dev.netc.dsl.SourcePos;
import javax.lang.model.SourceVersion;

/**
 * Validates user names before they become parts of Java identifiers: only ASCII letters, digits
 * and underscores, so nothing the user writes can change the meaning of generated source.
 */
public final class Names {
  private Names() {}

  private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final java.util.regex.Pattern CAMEL_HUMP = java.util.regex.Pattern.compile("([a-z0-9])([A-Z])");

  private static boolean plainIdentifier(String name) {
    return name != null && PLAIN.matcher(name).matches();
  }

  /** Contextual keywords that javac rejects as a class name. */
  private static final java.util.Set<String> RESTRICTED_TYPE_NAMES =
      java.util.Set.of("var", "yield", "record", "sealed", "permits");

  /** java.lang classes the generated code names unqualified (Math.exp, System.arraycopy). */
  private static final java.util.Set<String> USED_JAVA_LANG = java.util.Set.of("Math", "System");

  /** A network name becomes a class name. */
  public static boolean checkTypeName(String name, SourcePos pos, Diagnostics diags) {
    String problem = null;
    if (!plainIdentifier(name)) {
      problem = "is not a valid Java class name";
    } else if (name.length() > Limits.MAX_NETWORK_NAME_CHARS) {
      problem = "has " + name.length() + " characters, more than the " + Limits.MAX_NETWORK_NAME_CHARS
          + " a network name may have (it names the .java and .class files)";
      name = shortened(name);
    } else if (name.equals("_") || SourceVersion.isKeyword(name) || RESTRICTED_TYPE_NAMES.contains(name)) {
      problem = "is a Java keyword and cannot be a class name";
    } else if (USED_JAVA_LANG.contains(name)) {
      problem = "would hide java.lang." + name + ", which the generated code uses";
    }
    if (problem != null) {
      diags.error(pos, "network name '" + name + "' " + problem + "; choose another name");
      return false;
    }
    return true;
  }

  /** Value names become parts of method and constant names. */
  public static boolean checkValueName(String name, SourcePos pos, Diagnostics diags) {
    if (name.equals("_")) {
      diags.error(pos, "'_' alone cannot be a name; use letters too, such as h or hidden_1");
      return false;
    }
    if (!plainIdentifier(name)) {
      diags.error(pos, "name '" + name + "' must be letters, digits and underscores");
      return false;
    }
    if (name.length() > Limits.MAX_NAME_CHARS) {
      diags.error(pos, "name '" + shortened(name) + "' has " + name.length() + " characters, more than the "
          + Limits.MAX_NAME_CHARS + " a name may have; choose a shorter name");
      return false;
    }
    return true;
  }

  /** The start of a long name, for messages (the caret already points at all of it). */
  private static String shortened(String name) {
    return name.length() <= 24 ? name : name.substring(0, 20) + "...";
  }

  /**
   * Why generated classes cannot go into {@code javaPackage} ("" is the default package), or
   * null when they can. Invisible and control characters are refused although Java allows some
   * in names: javac drops the ignorable ones (U+0001, U+200B), so two directories would become
   * the same package, and bidirectional controls (U+202E) make generated source read otherwise
   * than it compiles.
   */
  public static String packageProblem(String javaPackage) {
    if (javaPackage.isEmpty()) {
      return null;
    }
    for (int i = 0; i < javaPackage.length(); i++) {
      char c = javaPackage.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return String.format("it contains the invisible character U+%04X", (int) c);
      }
    }
    if (!SourceVersion.isName(javaPackage)) {
      return "it is not a dotted list of Java identifiers";
    }
    if (javaPackage.equals("java") || javaPackage.startsWith("java.")) {
      return "packages under java. belong to the JDK";
    }
    return null;
  }

  /** {@code s} with control and invisible characters written as backslash-u escapes, for messages. */
  public static String visible(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean hidden = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
      out.append(hidden ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  /** {@code dense_1} → {@code dense1}, {@code hidden_layer} → {@code hiddenLayer}. */
  public static String camel(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = out.length() > 0;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    String s = out.length() == 0 ? "layer" : out.toString();
    return Character.isDigit(s.charAt(0)) ? "l" + s : s;
  }

  /** {@code dense_1} → {@code DENSE_1}, {@code hiddenLayer} → {@code HIDDEN_LAYER}. */
  public static String constant(String name) {
    return CAMEL_HUMP.matcher(name).replaceAll("$1_$2").toUpperCase(java.util.Locale.ROOT);
  }
}
