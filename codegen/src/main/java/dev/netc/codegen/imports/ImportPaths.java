package dev.netc.codegen.imports;

import dev.netc.codegen.base.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for the path in {@code import "..."}: a relative, '/'-separated path to a {@code .net}
 * file, resolved against the importing file's directory, that stays inside the source roots. The
 * path is checked as text before any file system sees it, so {@code ..}, absolute paths, drive
 * letters, URLs and control characters never reach one.
 */
public final class ImportPaths {
  private ImportPaths() {}

  /** The outcome of {@link #resolve}: a root-relative path, or what is wrong with the written one. */
  public record Resolved(String path, String error) {
    static Resolved ok(String path) {
      return new Resolved(path, null);
    }

    static Resolved error(String error) {
      return new Resolved(null, error);
    }

    public boolean ok() {
      return error == null;
    }
  }

  /**
   * Resolves {@code written}, as imported by the file at root-relative {@code importer}, to a
   * root-relative path.
   */
  public static Resolved resolve(String importer, String written) {
    String problem = problem(written);
    if (problem != null) {
      return Resolved.error("import path " + problem);
    }
    List<String> parts = new ArrayList<>(List.of(importer.split("/", -1)));
    parts.remove(parts.size() - 1); // the importing file's own name
    parts.removeIf(String::isEmpty);
    for (String segment : written.split("/", -1)) {
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return Resolved.error("import path " + quote(written) + " leads outside the source root;"
              + " imports can only name files inside it");
        }
        parts.remove(parts.size() - 1);
      } else if (!segment.equals(".")) {
        parts.add(segment);
      }
    }
    String fileName = written.substring(written.lastIndexOf('/') + 1);
    if (!fileName.endsWith(".net") || fileName.equals(".net")) {
      return Resolved.error("import path " + quote(written) + " does not name a .net file");
    }
    return Resolved.ok(String.join("/", parts));
  }

  /** What is wrong with {@code written} on its own, or null. */
  private static String problem(String written) {
    if (written.isEmpty()) {
      return "is empty";
    }
    if (written.length() > Limits.MAX_IMPORT_PATH_CHARS) {
      return "is longer than " + Limits.MAX_IMPORT_PATH_CHARS + " characters";
    }
    int hidden = firstInvisible(written);
    if (hidden >= 0) {
      return "contains the control character " + String.format("U+%04X", (int) written.charAt(hidden));
    }
    if (written.indexOf('\\') >= 0) {
      return quote(written) + " contains '\\'; separate directories with '/'";
    }
    if (written.startsWith("/")) {
      return quote(written) + " is absolute; write it relative to this file, such as \"blocks.net\"";
    }
    if (written.length() >= 2 && written.charAt(1) == ':' && Character.isLetter(written.charAt(0))) {
      return quote(written) + " starts with a drive letter; write it relative to this file";
    }
    if (written.indexOf(':') >= 0) {
      return quote(written) + " contains ':'; imports are relative file paths, not URLs";
    }
    for (String segment : written.split("/", -1)) {
      if (segment.isEmpty()) {
        return quote(written) + " has an empty directory or file name";
      }
    }
    return null;
  }

  /**
   * The index of the first character of {@code path} a reader would not see (a control or format
   * character, a line or paragraph separator), or -1: a path is refused over one, naming it.
   */
  public static int firstInvisible(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether {@code path} is already a clean root-relative path: relative, '/'-separated, no
   * {@code .}, {@code ..} or empty segments, no control characters.
   */
  public static boolean isCleanRelative(String path) {
    if (path == null || path.isEmpty() || path.length() > Limits.MAX_IMPORT_PATH_CHARS
        || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf(':') >= 0) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        return false;
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** Why a file of {@code bytes} bytes is refused. */
  static String tooLarge(long bytes) {
    return "it has " + bytes + " bytes, more than the " + Limits.MAX_IMPORTED_FILE_BYTES
        + " a .net file may have";
  }

  /** {@code "path"} for messages: one line, shortened when long. */
  static String quote(String path) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < path.length() && shown.length() < 80; i++) {
      char c = path.charAt(i);
      boolean invisible = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
          || Character.getType(c) == Character.FORMAT;
      shown.append(invisible ? '?' : c);
    }
    return "\"" + (shown.length() < path.length() ? shown + "..." : shown) + "\"";
  }
}
