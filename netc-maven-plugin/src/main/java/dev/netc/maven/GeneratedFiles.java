package dev.netc.maven;

import dev.netc.codegen.NetcCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/** File operations on the output directory that keep javac's incremental check meaningful. */
final class GeneratedFiles {

  /** The annotation on every class netc generates. */
  static final String GENERATED_MARKER = "@Generated(\"" + NetcCompiler.class.getName() + "\")";
  private static final int MARKER_SEARCH_BYTES = 1 << 20;

  private GeneratedFiles() {}

  /**
   * Writes {@code content} as UTF-8 unless the file already holds exactly those bytes, so an
   * unchanged network keeps the file's timestamp and maven-compiler-plugin sees nothing stale.
   *
   * @return true when the file was written
   */
  static boolean writeIfChanged(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return false;
    }
    Files.createDirectories(file.getParent());
    // write next to the target and move, so a killed build never leaves half a source file
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException atomicMoveNotSupported) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return true;
  }

  /**
   * Whether {@code file} may be replaced although the manifest does not list it: it does not
   * exist, or it carries the {@code @Generated} annotation netc puts on every class (a manifest
   * lost with {@code target/} but an output directory kept). Anything else is someone's source.
   */
  static boolean isOursOrAbsent(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(MARKER_SEARCH_BYTES); // the annotation follows package, imports, Javadoc
    }
    return new String(head, StandardCharsets.ISO_8859_1).contains(GENERATED_MARKER);
  }

  /**
   * Deletes {@code root/relativePath} if it lies inside {@code root}, then every directory between
   * it and {@code root} that became empty.
   *
   * @return true when a file was deleted
   */
  static boolean deleteInside(Path root, String relativePath) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    Path file = base.resolve(relativePath).normalize();
    if (!file.startsWith(base) || file.equals(base)) {
      return false; // a tampered manifest must not delete anything outside the output directory
    }
    boolean deleted = Files.deleteIfExists(file);
    for (Path dir = file.getParent(); dir != null && !dir.equals(base); dir = dir.getParent()) {
      if (!isEmptyDirectory(dir)) {
        break;
      }
      Files.delete(dir);
    }
    return deleted;
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
