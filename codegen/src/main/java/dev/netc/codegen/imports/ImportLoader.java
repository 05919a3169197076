package dev.netc.codegen.imports;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Limits;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.ParseResult;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.ast.CompilationUnit;
import dev.netc.dsl.ast.ImportDecl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the files a compiled file imports, and theirs, through an {@link ImportResolver}. Each
 * file is read and parsed once, however many files import it; a cycle is reported with the whole
 * chain at the import that closes it. Every problem is reported at the import's path string, and
 * syntax errors of imported files are reported as in any file; the caller stops when there are
 * errors, as it does for syntax errors.
 */
public final class ImportLoader {

  private final ImportResolver resolver;
  private final Diagnostics diags;
  /** Every file loaded so far, by root-relative path. */
  private final Map<String, LoadedFile> loaded = new LinkedHashMap<>();
  /** The files whose imports are being loaded: main file first. */
  private final List<LoadedFile> chain = new ArrayList<>();

  public ImportLoader(ImportResolver resolver, Diagnostics diags) {
    this.resolver = resolver;
    this.diags = diags;
  }

  /** The main file and every file it imports, directly or not, main file first. */
  public List<LoadedFile> load(CompilationUnit main) {
    String name = main.source().name();
    String path = resolver.locate(name);
    LoadedFile root = new LoadedFile(path != null ? path : name, main);
    List<LoadedFile> files = new ArrayList<>(List.of(root));
    if (path == null) {
      for (ImportDecl decl : main.imports()) {
        diags.error(decl.pathPos(), cannot(decl, name + " is not inside a source root, so its imports"
            + " have no directory to be relative to"));
      }
      return files;
    }
    loaded.put(path, root);
    importsOf(root);
    loaded.values().stream().filter(f -> f != root).forEach(files::add);
    return files;
  }

  private void importsOf(LoadedFile file) {
    chain.add(file);
    for (ImportDecl decl : file.unit().imports()) {
      LoadedFile imported = load(file, decl);
      if (imported != null) {
        file.addImport(decl, imported);
      }
    }
    chain.remove(chain.size() - 1);
  }

  private LoadedFile load(LoadedFile from, ImportDecl decl) {
    ImportPaths.Resolved resolved = ImportPaths.resolve(from.path(), decl.path());
    if (!resolved.ok()) {
      diags.error(decl.pathPos(), resolved.error());
      return null;
    }
    // a library file imports from the library only; a user file from the source roots first
    String path = resolved.path();
    boolean library = from.isLibrary();
    if (!ready(decl, key(path, library))) {
      return null;
    }
    LoadedFile done = loaded.get(key(path, library));
    if (done != null) {
      return done; // imported before, through another file: load once
    }
    ImportResolver.Lookup lookup = library ? BundledLibrary.find(path) : find(path);
    if (lookup instanceof ImportResolver.Lookup.Failed && !library) {
      // the fallback: the written path, read from the library's root (import "netc/transformer.net")
      ImportPaths.Resolved fromLibraryRoot = ImportPaths.resolve("", decl.path());
      if (fromLibraryRoot.ok() && BundledLibrary.has(fromLibraryRoot.path())) {
        path = fromLibraryRoot.path();
        library = true;
        if (!ready(decl, key(path, true))) {
          return null;
        }
        done = loaded.get(key(path, true));
        if (done != null) {
          return done;
        }
        lookup = BundledLibrary.find(path);
      }
    }
    if (lookup instanceof ImportResolver.Lookup.Failed failed) {
      diags.error(decl.pathPos(), cannot(decl, failed.reason()));
      return null;
    }
    SourceFile source = ((ImportResolver.Lookup.Found) lookup).source();
    ParseResult parsed = NetParser.parse(source);
    diags.addSource(source);
    diags.addAll(parsed.diagnostics());
    LoadedFile file = new LoadedFile(path, parsed.unit(), library);
    loaded.put(key(path, library), file);
    if (!parsed.hasErrors()) {
      importsOf(file);
    }
    return file;
  }

  /** Library files are kept apart from user files of the same path. */
  private static String key(String path, boolean library) {
    return library ? "netc library:" + path : path;
  }

  /**
   * Whether the file under {@code key} may be loaded now: not already on the chain of files being
   * loaded (a cycle, reported with the chain), and within the depth and count limits.
   */
  private boolean ready(ImportDecl decl, String key) {
    for (int i = 0; i < chain.size(); i++) {
      if (key(chain.get(i).path(), chain.get(i).isLibrary()).equals(key)) {
        List<String> cycle = new ArrayList<>();
        chain.subList(i, chain.size()).forEach(f -> cycle.add(f.path()));
        cycle.add(key.substring(key.indexOf(':') + 1));
        diags.error(decl.pathPos(), "import cycle: " + String.join(" -> ", cycle));
        return false;
      }
    }
    if (loaded.containsKey(key)) {
      return true;
    }
    if (chain.size() > Limits.MAX_IMPORT_DEPTH) {
      diags.error(decl.pathPos(), cannot(decl, "imports are nested more than "
          + Limits.MAX_IMPORT_DEPTH + " files deep"));
      return false;
    }
    if (loaded.size() > Limits.MAX_IMPORTED_FILES) {
      diags.error(decl.pathPos(), cannot(decl, "one compilation may import at most "
          + Limits.MAX_IMPORTED_FILES + " files"));
      return false;
    }
    return true;
  }

  /** The user's file through the resolver; a resolver that throws counts as unreadable. */
  private ImportResolver.Lookup find(String path) {
    try {
      return resolver.find(path);
    } catch (RuntimeException e) {
      return new ImportResolver.Lookup.Failed("it cannot be read (" + e.getMessage() + ")");
    }
  }

  private static String cannot(ImportDecl decl, String reason) {
    return "cannot import " + ImportPaths.quote(decl.path()) + ": " + reason;
  }
}
