package dev.netc.processor;

import dev.netc.codegen.base.Limits;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.imports.ImportPaths;

/**
 * The rules for a path in {@code @NetFiles}: relative to a source root, '/'-separated, naming a
 * {@code .net} file, never leaving the root; checked as text before any file system sees it. Its
 * directory is the Java package of the generated classes, as in {@code netc-maven-plugin}.
 */
final class NetFilePaths {
  private NetFilePaths() {}

  /** What is wrong with {@code path}, completing "the path ...", or null when it is usable. */
  static String problem(String path) {
    if (path.isEmpty()) {
      return "is empty; name a .net file relative to a source root, such as \"com/acme/Net.net\"";
    }
    if (path.length() > Limits.MAX_IMPORT_PATH_CHARS) {
      return "is longer than " + Limits.MAX_IMPORT_PATH_CHARS + " characters";
    }
    int hidden = ImportPaths.firstInvisible(path);
    if (hidden >= 0) {
      return "contains the invisible character " + String.format("U+%04X", (int) path.charAt(hidden));
    }
    if (path.indexOf('\\') >= 0) {
      return "contains '\\'; separate directories with '/'";
    }
    if (path.startsWith("/") || path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))) {
      return "is absolute; write it relative to a source root, such as \"com/acme/Net.net\","
          + " and put the root on -sourcepath or in -Anetc.sourceRoots";
    }
    if (path.indexOf(':') >= 0) {
      return "contains ':'; it is a file path relative to a source root, not a URL";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return "leads outside the source root ('..'); name the file relative to the root it is in";
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return "has an empty or '.' directory; write it as \"com/acme/Net.net\"";
      }
    }
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    if (!fileName.endsWith(".net") || fileName.equals(".net")) {
      return "does not name a .net file";
    }
    return null;
  }

  /** The package of the classes generated from a file at {@code path}: its directory, dotted. */
  static String javaPackage(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash).replace('/', '.');
  }

  /** Why {@code javaPackage} cannot be a package, or null when it can ("" is the default package). */
  static String packageProblem(String javaPackage) {
    return Names.packageProblem(javaPackage);
  }
}
