package dev.netc.processor;

import dev.netc.codegen.base.Limits;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.NetFileText;
import dev.netc.codegen.imports.SourceRoots;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;

/**
 * Finds the {@code .net} files that {@code @NetFiles} names and that they import, by their
 * root-relative path: first in the directories of {@code -Anetc.sourceRoots}, then through the
 * {@link Filer} on javac's source path, then on its class path (a jar may carry files to import).
 * A file in a directory passes every check of {@link SourceRoots} against the directory it was
 * found in: inside it once symbolic links are followed, a regular file, at most {@link
 * Limits#MAX_IMPORTED_FILE_BYTES} bytes, valid UTF-8. A file in a jar is read with the same size
 * and UTF-8 checks. Files are named by absolute path (a jar entry by its URI), so that errors in
 * them are links in IDEs and build logs.
 */
final class NetFileLookup implements ImportResolver {
  private static final List<StandardLocation> LOCATIONS = List.of(StandardLocation.SOURCE_PATH,
      StandardLocation.CLASS_PATH);

  private final Filer filer;
  private final List<Path> optionRoots;
  /** File name (as diagnostics show it) to root-relative path, for every file found. */
  private final Map<String, String> pathByName = new HashMap<>();

  NetFileLookup(Filer filer, List<Path> optionRoots) {
    this.filer = filer;
    this.optionRoots = List.copyOf(optionRoots);
  }

  @Override
  public String locate(String fileName) {
    return pathByName.get(fileName);
  }

  @Override
  public Lookup find(String path) {
    for (Path root : optionRoots) {
      Path candidate = inside(root, path);
      if (candidate != null && Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return remember(SourceRoots.of(root).find(path), path);
      }
    }
    for (StandardLocation location : LOCATIONS) {
      FileObject file = resource(location, path);
      Lookup found = file == null ? null : read(file, path);
      if (found != null) {
        return remember(found, path);
      }
    }
    return new Lookup.Failed("there is no file " + path + " " + whereLooked());
  }

  /** "in ..., on the source path or on the class path", for messages. */
  String whereLooked() {
    String option = optionRoots.isEmpty() ? "" : "in -A" + NetFilesProcessor.SOURCE_ROOTS_OPTION + " "
        + optionRoots + ", ";
    return option + "on javac's source path or on its class path";
  }

  private Lookup remember(Lookup lookup, String path) {
    if (lookup instanceof Lookup.Found found) {
      pathByName.put(found.source().name(), path);
    }
    return lookup;
  }

  /** {@code root/path} when that names a place inside {@code root}, else null. */
  private static Path inside(Path root, String path) {
    try {
      Path candidate = root.resolve(path).normalize();
      return candidate.startsWith(root) ? candidate : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** The file at {@code path} in {@code location}, or null when there is none (or no such location). */
  private FileObject resource(JavaFileManager.Location location, String path) {
    try {
      return filer.getResource(location, "", path);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      // javac throws FileNotFoundException when the file or the whole location is missing (no
      // -sourcepath given) and IllegalArgumentException for a location it does not have
      return null;
    }
  }

  /** Reads {@code file}, or null when it turns out not to exist (some file managers return one anyway). */
  private static Lookup read(FileObject file, String path) {
    URI uri = file.toUri();
    if ("file".equals(uri.getScheme())) {
      Path onDisk;
      try {
        onDisk = Path.of(uri).toAbsolutePath().normalize();
      } catch (IllegalArgumentException e) {
        return new Lookup.Failed("it cannot be read (" + uri + " is not a file name on this system)");
      }
      if (!Files.exists(onDisk, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      Path root = rootOf(onDisk, path);
      if (root != null) {
        // the directory of the source or class path it is in: the same checks as a source root's
        return SourceRoots.of(root).find(path);
      }
    }
    return readStream(file, uri.toString());
  }

  /** The directory {@code file} is {@code path} inside of, or null when its name does not end with it. */
  private static Path rootOf(Path file, String path) {
    Path root = file;
    String[] segments = path.split("/");
    for (int i = segments.length - 1; i >= 0; i--) {
      if (root == null || root.getFileName() == null || !root.getFileName().toString().equals(segments[i])) {
        return null;
      }
      root = root.getParent();
    }
    return root;
  }

  /** A file that is not a plain file on disk (a jar entry): bounded, strict UTF-8, BOM dropped. */
  private static Lookup readStream(FileObject file, String name) {
    byte[] bytes;
    try (InputStream in = file.openInputStream()) {
      bytes = in.readNBytes((int) Limits.MAX_IMPORTED_FILE_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      return new Lookup.Failed("it cannot be read" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
    return NetFileText.decode(name, bytes);
  }
}
