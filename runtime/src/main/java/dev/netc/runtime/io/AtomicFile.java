package dev.netc.runtime.io;

import dev.netc.runtime.RegularFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe replacement of a file: a half-written model file must never be what a later load
 * finds.
 */
final class AtomicFile {
  private AtomicFile() {}

  /** What goes into the temporary file before it replaces the target. */
  @FunctionalInterface
  interface ChannelWriter {
    void write(FileChannel ch) throws IOException;
  }

  /** Replaces {@code file} with {@code bytes}. */
  static void replace(Path file, byte[] bytes) throws IOException {
    replace(file, ch -> writeAll(ch, ByteBuffer.wrap(bytes)));
  }

  /**
   * Writes a temporary file in the same directory, forces it to disk, moves it over the target
   * (atomically where the file system can) and syncs the directory; a failure leaves the old file
   * and no temporary file behind.
   */
  static void replace(Path file, ChannelWriter contents) throws IOException {
    Path target = file.toAbsolutePath();
    // moving the new file over a FIFO or device would replace it without a word
    RegularFiles.requireRegularOrAbsent(target, "file to replace");
    Path dir = target.getParent();
    Path tmp = null;
    FileChannel ch = null;
    try {
      for (int attempt = 0; ch == null; attempt++) {
        tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
          ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
          if (attempt > 100) {
            throw e;
          }
        }
      }
      contents.write(ch);
      ch.force(true);
      ch.close();
      ch = null;
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      syncDirectory(dir);
    } finally {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the original failure matters more
        }
      }
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  static void writeAll(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /** Makes the rename durable where the platform allows it (POSIX); elsewhere it is a no-op. */
  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException ignored) {
      // Windows cannot open directories; the file itself was already forced.
    }
  }
}
