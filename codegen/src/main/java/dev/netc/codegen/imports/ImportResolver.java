package dev.netc.codegen.imports;

import dev.netc.dsl.SourceFile;

/**
 * Where imported {@code .net} files come from: one or more source roots, on disk ({@link
 * SourceRoots}) or in memory ({@link InMemorySources}). Files are named by their path relative to
 * the roots, '/'-separated, already checked by {@link ImportPaths} never to leave them; a resolver
 * only has to find the file and make sure it really is inside a root.
 */
public interface ImportResolver {

  /**
   * The root-relative path of the compiled file called {@code fileName} (its {@link
   * SourceFile#name()}), which its imports are relative to; null when it is not inside a root.
   */
  String locate(String fileName);

  /** The file at root-relative {@code path}, or why there is none. */
  Lookup find(String path);

  /** What {@link #find} found. */
  sealed interface Lookup {
    /** The file; its name is what diagnostics in it will show. */
    record Found(SourceFile source) implements Lookup {}

    /** No usable file; {@code reason} completes "cannot import "path": ...". */
    record Failed(String reason) implements Lookup {}
  }

  /** For compilations without source roots: every import is refused, saying so. */
  ImportResolver NONE = new ImportResolver() {
    @Override
    public String locate(String fileName) {
      return "";
    }

    @Override
    public Lookup find(String path) {
      return new Lookup.Failed("this compilation has no source roots to import from");
    }
  };
}
