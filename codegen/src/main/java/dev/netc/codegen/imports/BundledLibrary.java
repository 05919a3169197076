package dev.netc.codegen.imports;

import dev.netc.codegen.base.Limits;
import java.io.IOException;
import java.io.InputStream;

/**
 * The {@code .net} files shipped inside netc itself, such as {@code netc/transformer.net}: class
 * path resources under {@value #RESOURCE_ROOT} of the codegen jar. {@link ImportLoader} falls back
 * to them when no source root has a file at an import's path, so {@code import
 * "netc/transformer.net";} works from any file and any front end; a user file at the same path
 * wins. The path passed here has already passed {@link ImportPaths} (relative, no {@code ..}
 * above the library root, {@code .net}); it is checked again, and only ever appended to the fixed
 * resource root, so nothing outside the library can be named.
 */
public final class BundledLibrary {
  private BundledLibrary() {}

  /** Where the library's files are in the codegen jar. */
  public static final String RESOURCE_ROOT = "/dev/netc/codegen/library/";

  /** The library file at library-relative {@code path}, or why there is none. */
  public static ImportResolver.Lookup find(String path) {
    if (!ImportPaths.isCleanRelative(path) || !path.endsWith(".net")) {
      return new ImportResolver.Lookup.Failed("it is not a plain relative path");
    }
    try (InputStream in = BundledLibrary.class.getResourceAsStream(RESOURCE_ROOT + path)) {
      if (in == null) {
        return new ImportResolver.Lookup.Failed("the netc library has no file " + path);
      }
      byte[] bytes = in.readNBytes((int) Limits.MAX_IMPORTED_FILE_BYTES + 1);
      // diagnostics inside a library file name it by its import path
      return NetFileText.decode(path, bytes);
    } catch (IOException e) {
      return new ImportResolver.Lookup.Failed("it cannot be read from the netc library");
    }
  }

  /** Whether the library has a file at {@code path}. */
  public static boolean has(String path) {
    return ImportPaths.isCleanRelative(path) && path.endsWith(".net")
        && BundledLibrary.class.getResource(RESOURCE_ROOT + path) != null;
  }
}
