package dev.netc.runtime.io;

import static dev.netc.runtime.io.ModelFileHeader.readFully;
import static dev.netc.runtime.io.ModelFileV1Writer.CHUNK;
import static dev.netc.runtime.io.ModelFileV1Writer.FIXED_HEADER;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Reads {@link ModelFile} format version 1 (see there for the layout) as a stream, in chunks: the
 * parameters are decoded only when their count fits the model, so a corrupt count never allocates.
 */
final class ModelFileV1Reader implements ModelFileReader {
  static final ModelFileV1Reader INSTANCE = new ModelFileV1Reader();

  private ModelFileV1Reader() {}

  @Override
  public ModelFileContents read(WeightLayout model, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(model, file, Files.size(file), in);
    }
  }

  private static ModelFileContents read(WeightLayout model, Path file, long size, InputStream in)
      throws IOException {
    CRC32 crc = new CRC32();
    byte[] start = new byte[12];
    // ModelFileHeader checked the magic and version
    if (readFully(in, start, 0, 12) < 12) {
      throw new ModelFileException(file, "truncated: " + size + " bytes, inside the header");
    }
    ByteBuffer b = ByteBuffer.wrap(start).order(ByteOrder.BIG_ENDIAN);
    int nameLength = b.getInt(8);
    if (nameLength < 0 || FIXED_HEADER + (long) nameLength + 4 > size) {
      throw new ModelFileException(
          file,
          "truncated or corrupt header: it declares a " + nameLength
              + "-byte network name but the file has " + size + " bytes");
    }
    crc.update(start, 0, 12);
    byte[] rest = new byte[nameLength + 12];
    if (readFully(in, rest, 0, rest.length) < rest.length) {
      throw new ModelFileException(file, "truncated: the file ends inside the header");
    }
    crc.update(rest, 0, rest.length);
    ByteBuffer r = ByteBuffer.wrap(rest).order(ByteOrder.BIG_ENDIAN);
    String name = new String(rest, 0, nameLength, StandardCharsets.UTF_8);
    long hash = r.getLong(nameLength);
    int count = r.getInt(nameLength + 8);
    if (count < 0) {
      throw new ModelFileException(file, "corrupt header: negative parameter count " + count);
    }
    long expectedSize = FIXED_HEADER + (long) nameLength + 4L * count + 4;
    if (size < expectedSize) {
      throw new ModelFileException(
          file,
          "truncated: " + count + " parameters need a file of " + expectedSize + " bytes, it has "
              + size);
    }
    if (size > expectedSize) {
      throw new ModelFileException(
          file,
          "corrupt: " + (size - expectedSize) + " unexpected bytes after the end of the data ("
              + count + " parameters need " + expectedSize + " bytes)");
    }
    // Decode only when the count matches: the result is copied into the model, and the count was
    // checked against the file size above, so this never allocates more than the file holds.
    boolean fits = count == model.parameterCount();
    float[] values = fits ? new float[count] : null;
    byte[] chunk = new byte[CHUNK];
    ByteBuffer cb = ByteBuffer.wrap(chunk).order(ByteOrder.BIG_ENDIAN);
    for (int off = 0; off < count; ) {
      int n = Math.min(CHUNK / 4, count - off);
      if (readFully(in, chunk, 0, n * 4) < n * 4) {
        throw new ModelFileException(file, "truncated: the file ended while it was being read");
      }
      crc.update(chunk, 0, n * 4);
      if (fits) {
        cb.clear();
        cb.asFloatBuffer().get(values, off, n);
      }
      off += n;
    }
    if (readFully(in, chunk, 0, 4) < 4) {
      throw new ModelFileException(file, "truncated: the file ended while it was being read");
    }
    int stored = ByteBuffer.wrap(chunk, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    int computed = (int) crc.getValue();
    if (stored != computed) {
      throw new ModelFileException(
          file,
          String.format(
              "checksum mismatch (stored %08x, computed %08x): the file is corrupt",
              stored, computed));
    }
    if (!name.equals(model.network())) {
      throw new ModelFileException(
          file, "written for network " + name + ", not " + model.network());
    }
    if (!fits) {
      throw new ModelFileException(
          file,
          "parameter layout differs: the file has " + count + " parameters, network "
              + model.network() + " has " + model.parameterCount());
    }
    long expectedHash = ModelFile.layoutHash(model.parameters());
    if (hash != expectedHash) {
      throw new ModelFileException(
          file,
          String.format(
              "parameter layout differs: layout hash %016x in the file, %016x for network %s"
                  + " (same count, %d, but parameter names or shapes changed)",
              hash, expectedHash, model.network(), count));
    }
    return new ModelFileContents(name, hash, values, null, null, null);
  }
}
