package dev.netc.codegen.imports;

import dev.netc.dsl.ast.CompilationUnit;
import dev.netc.dsl.ast.ImportDecl;
import java.util.ArrayList;
import java.util.List;

/** One parsed file of a compilation, with the files it imports directly. */
public final class LoadedFile {

  /** One import statement and the file it loaded. */
  public record Import(ImportDecl decl, LoadedFile file) {}

  private final String path;
  private final CompilationUnit unit;
  private final List<Import> imports = new ArrayList<>();
  private final boolean library;

  LoadedFile(String path, CompilationUnit unit) {
    this(path, unit, false);
  }

  LoadedFile(String path, CompilationUnit unit, boolean library) {
    this.path = path;
    this.unit = unit;
    this.library = library;
  }

  /** Whether the file comes from the netc library shipped in the jar ({@link BundledLibrary}). */
  public boolean isLibrary() {
    return library;
  }

  /** The path relative to the source roots, as import chains show it. */
  public String path() {
    return path;
  }

  public CompilationUnit unit() {
    return unit;
  }

  /** The imports that loaded, in the order written (a file imported twice appears twice). */
  public List<Import> imports() {
    return List.copyOf(imports);
  }

  void addImport(ImportDecl decl, LoadedFile file) {
    imports.add(new Import(decl, file));
  }

  @Override
  public String toString() {
    return path;
  }
}
