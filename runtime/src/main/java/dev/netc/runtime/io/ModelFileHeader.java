package dev.netc.runtime.io;

import dev.netc.runtime.RegularFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** The start every model file shares: the magic {@code "NETC"} and the format version. */
final class ModelFileHeader {
  private ModelFileHeader() {}

  /** The format version of {@code file}, 1 to 3. */
  static int version(Path file) throws IOException {
    byte[] head = new byte[8];
    int got;
    RegularFiles.require(file, "model file");
    try (InputStream in = Files.newInputStream(file)) {
      got = readFully(in, head, 0, 8);
    }
    for (int i = 0; i < Math.min(got, 4); i++) {
      if (head[i] != ModelFile.MAGIC[i]) {
        throw new ModelFileException(file, "not a netc model file (does not start with \"NETC\")");
      }
    }
    if (got < 8) {
      throw new ModelFileException(
          file, got < 4 ? "not a netc model file (only " + got + " bytes)"
              : "truncated: " + got + " bytes, the header alone needs more");
    }
    int version = ByteBuffer.wrap(head).getInt(4);
    if (version < ModelFile.VERSION || version > ModelFile.VERSION_3) {
      throw new ModelFileException(
          file,
          "unsupported format version " + version + " (this runtime reads versions 1 to 3)");
    }
    return version;
  }

  /** Reads up to {@code len} bytes; fewer only at the end of the stream. */
  static int readFully(InputStream in, byte[] buf, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int n = in.read(buf, off + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
