package dev.netc.codegen.imports;

import dev.netc.codegen.base.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports from directories on disk, such as a Maven project's {@code src/main/net}. A path is
 * looked up in each root in order. The file found must really lie inside a root once every
 * symbolic link is followed, be a regular file of at most {@link Limits#MAX_IMPORTED_FILE_BYTES}
 * and be valid UTF-8. Imported files are named by their absolute path, like the compiled files
 * of the Maven plugin, so that diagnostics in them are links in IDEs.
 */
public final class SourceRoots implements ImportResolver {

  private final List<Path> roots;

  public SourceRoots(List<Path> roots) {
    List<Path> absolute = new ArrayList<>();
    for (Path root : roots) {
      absolute.add(root.toAbsolutePath().normalize());
    }
    this.roots = List.copyOf(absolute);
  }

  public static SourceRoots of(Path... roots) {
    return new SourceRoots(List.of(roots));
  }

  @Override
  public String locate(String fileName) {
    Path file;
    try {
      file = Path.of(fileName).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return null;
    }
    for (Path root : roots) {
      if (file.startsWith(root) && !file.equals(root)) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(part -> parts.add(part.toString()));
        String relative = String.join("/", parts);
        return ImportPaths.isCleanRelative(relative) ? relative : null;
      }
    }
    return null;
  }

  @Override
  public Lookup find(String path) {
    if (!ImportPaths.isCleanRelative(path)) {
      return new Lookup.Failed("it is not a plain relative path");
    }
    for (Path root : roots) {
      Path candidate;
      try {
        candidate = root.resolve(path).normalize();
      } catch (InvalidPathException e) {
        return new Lookup.Failed("it is not a valid file name on this system");
      }
      if (candidate.startsWith(root) && Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return read(candidate);
      }
    }
    return new Lookup.Failed("there is no file " + path + " in "
        + (roots.size() == 1 ? "the source root " + roots.get(0) : "the source roots " + roots));
  }

  private Lookup read(Path file) {
    try {
      Path real;
      try {
        real = file.toRealPath();
      } catch (NoSuchFileException e) {
        return new Lookup.Failed("it is a symbolic link to a file that does not exist");
      }
      // the text of the path cannot leave a root, but a symbolic link on the way can
      if (!insideARoot(real)) {
        return new Lookup.Failed("it leads outside the source roots through a symbolic link");
      }
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        return new Lookup.Failed("it is a directory");
      }
      if (!attributes.isRegularFile()) {
        return new Lookup.Failed("it is not a regular file");
      }
      if (attributes.size() > Limits.MAX_IMPORTED_FILE_BYTES) {
        return new Lookup.Failed(ImportPaths.tooLarge(attributes.size()));
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
        // bounded even if the file grows after the size check
        bytes = in.readNBytes((int) Limits.MAX_IMPORTED_FILE_BYTES + 1);
      }
      return NetFileText.decode(file.toString(), bytes);
    } catch (IOException | SecurityException e) {
      return new Lookup.Failed("it cannot be read" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }

  private boolean insideARoot(Path real) throws IOException {
    for (Path root : roots) {
      if (Files.isDirectory(root) && real.startsWith(root.toRealPath())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "SourceRoots" + roots;
  }
}
