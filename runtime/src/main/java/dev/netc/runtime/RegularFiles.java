package dev.netc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Refuses paths that are not regular files before the runtime opens them: reading a FIFO blocks
 * until some other process writes to it (forever, when none does), and a device or directory is
 * never a model, checkpoint or data file. Symbolic links are followed.
 */
public final class RegularFiles {
  private RegularFiles() {}

  /**
   * Fails unless {@code file} is a regular file (after following links).
   *
   * @param file the path to check
   * @param what how the message calls the file, such as "model file" or "IDX image file"
   * @throws NoSuchFileException when nothing is there
   * @throws IOException naming the file and what it is instead
   */
  public static void require(Path file, String what) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      throw new IOException(file + ": the " + what + " is " + kind(a)
          + ", not a regular file; netc reads and writes only regular files (a FIFO would block"
          + " forever), so give the path of the file itself");
    }
  }

  /**
   * Fails when {@code file} exists and is not a regular file; a missing file is fine (it is about
   * to be written).
   *
   * @param file the path about to be written
   * @param what how the message calls the file
   * @throws IOException naming the file and what it is instead
   */
  public static void requireRegularOrAbsent(Path file, String what) throws IOException {
    if (Files.exists(file)) {
      require(file, what);
    }
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    return a.isOther() ? "a FIFO, socket or device" : "not a file";
  }
}
