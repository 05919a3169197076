package dev.netc.codegen.imports;

import dev.netc.codegen.base.Limits;
import dev.netc.dsl.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Imports from a map of root-relative paths to texts: for tests, the fuzzer and tools that hold
 * their files in memory. A compiled file named by a plain relative path ({@code "Main.net"},
 * {@code "nets/Main.net"}) is located at that path; its imports are relative to it.
 */
public final class InMemorySources implements ImportResolver {

  private final Map<String, String> files;

  public InMemorySources(Map<String, String> files) {
    this.files = new TreeMap<>(files);
  }

  @Override
  public String locate(String fileName) {
    return ImportPaths.isCleanRelative(fileName) ? fileName : null;
  }

  @Override
  public Lookup find(String path) {
    String text = files.get(path);
    if (text == null) {
      return new Lookup.Failed("there is no file " + path + " in the source roots");
    }
    // chars are at most 3 UTF-8 bytes each: count bytes only when it could matter
    if (text.length() > Limits.MAX_IMPORTED_FILE_BYTES / 3) {
      long bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > Limits.MAX_IMPORTED_FILE_BYTES) {
        return new Lookup.Failed(ImportPaths.tooLarge(bytes));
      }
    }
    return new Lookup.Found(new SourceFile(path, text));
  }
}
