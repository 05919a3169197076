package dev.netc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/** File operations on the output directory that keep javac's incremental check meaningful. */
final class GeneratedFiles {

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
