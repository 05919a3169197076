package dev.netc.onnx.core;

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
 * Replacing a file so that readers see the old bytes or the new ones, never a part: a temporary
 * file in the same directory (created with the default permissions, as the target would be),
 * forced to disk and moved over the target. A failure leaves the old file and no temporary one.
 */
public final class AtomicWrite {
  private AtomicWrite() {}

  /** Replaces {@code file} with {@code bytes}. */
  public static void replace(Path file, byte[] bytes) throws IOException {
    Path target = file.toAbsolutePath();
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      throw new IOException(file + " exists and is not a regular file");
    }
    Path dir = target.getParent();
    Path tmp = null;
    try {
      FileChannel ch = null;
      for (int attempt = 0; ch == null; attempt++) {
        tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
            + ".tmp");
        try {
          ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
          if (attempt > 100) {
            throw e;
          }
        }
      }
      try (FileChannel open = ch) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          open.write(buf);
        }
        open.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
