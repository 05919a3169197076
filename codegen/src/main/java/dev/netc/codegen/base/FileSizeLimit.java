package dev.netc.codegen.base;

/**
 * The cap on the size of a {@code .net} file being compiled, the same as on an imported one
 * ({@link Limits#MAX_SOURCE_FILE_BYTES}): a 200 MB file would otherwise run the parser out of
 * memory without saying which file or why. Front ends that read files check the size before
 * reading; {@code NetcCompiler} checks text handed to it directly.
 */
public final class FileSizeLimit {
  private FileSizeLimit() {}

  /** Whether a file of {@code bytes} bytes may be compiled. */
  public static boolean allows(long bytes) {
    return bytes <= Limits.MAX_SOURCE_FILE_BYTES;
  }

  /** The UTF-8 size of {@code text}, as it would be on disk. */
  public static long utf8Bytes(CharSequence text) {
    long bytes = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The error for {@code file} of {@code bytes} bytes: names the file, its size and the limit. */
  public static String tooLarge(String file, long bytes) {
    return file + " has " + bytes + " bytes, more than the " + Limits.MAX_SOURCE_FILE_BYTES
        + " a .net file may have; split it into files that import each other's blocks";
  }
}
