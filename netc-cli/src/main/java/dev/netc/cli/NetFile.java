package dev.netc.cli;

import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.SourceRoots;
import dev.netc.dsl.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .net} file named on the command line, read with the checks imported files get (a
 * regular file, at most the size limit, UTF-8), and the source roots its imports resolve in: the
 * {@code --source-root} directories first, then the file's own directory.
 *
 * @param path the file as the command line named it
 * @param source its text, named as the command line named it (diagnostics show that name)
 * @param imports resolves its imports
 * @param roots the source roots, absolute, in lookup order
 */
record NetFile(Path path, SourceFile source, ImportResolver imports, List<Path> roots) {

  /**
   * Reads {@code file}. A file or source root that does not exist is a usage error (the command
   * line names it); one that cannot be read as a {@code .net} file is an error in the input.
   */
  static NetFile read(Path file, List<Path> sourceRoots) {
    if (!Files.exists(file)) {
      throw CliException.usage("file not found: " + file);
    }
    if (Files.isDirectory(file)) {
      throw CliException.usage(file + " is a directory; name a .net file");
    }
    List<Path> roots = new ArrayList<>();
    for (Path root : sourceRoots) {
      if (!Files.isDirectory(root)) {
        throw CliException.usage("--source-root " + root + " is not a directory");
      }
      roots.add(root.toAbsolutePath().normalize());
    }
    Path absolute = file.toAbsolutePath().normalize();
    Path directory = absolute.getParent();
    roots.add(directory);
    // the same reader as for imports: the file's directory is a root that holds it
    ImportResolver.Lookup lookup = SourceRoots.of(directory).find(absolute.getFileName().toString());
    if (lookup instanceof ImportResolver.Lookup.Failed failed) {
      throw CliException.failed("cannot read " + file + ": " + failed.reason());
    }
    String text = ((ImportResolver.Lookup.Found) lookup).source().text();
    return new NetFile(file, new SourceFile(file.toString(), text), new SourceRoots(roots), List.copyOf(roots));
  }

  /**
   * The Java package of the file's classes as the Maven plugin derives it: its directory below
   * the first source root that holds it ({@code src/main/net/com/acme/Net.net} → {@code
   * com.acme}); "" when only its own directory holds it.
   */
  String packageFromRoots() {
    Path absolute = path.toAbsolutePath().normalize();
    for (Path root : roots.subList(0, roots.size() - 1)) {
      if (absolute.startsWith(root) && !absolute.getParent().equals(root)) {
        List<String> parts = new ArrayList<>();
        root.relativize(absolute.getParent()).forEach(p -> parts.add(p.toString()));
        return String.join(".", parts);
      }
    }
    return "";
  }
}
