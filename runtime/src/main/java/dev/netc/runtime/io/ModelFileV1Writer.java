package dev.netc.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Writes {@link ModelFile} format version 1 (see there for the layout), streaming in chunks. */
final class ModelFileV1Writer {
  /** Magic, version, name length; then name; then hash and count. */
  static final int FIXED_HEADER = 4 + 4 + 4 + 8 + 4;

  static final int CHUNK = 1 << 16;

  private ModelFileV1Writer() {}

  /** Writes the header, {@code params} (laid out as {@code model} says) and the checksum to {@code ch}. */
  static void write(WeightLayout model, float[] params, FileChannel ch) throws IOException {
    byte[] name = model.network().getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    ByteBuffer header =
        ByteBuffer.allocate(FIXED_HEADER + name.length).order(ByteOrder.BIG_ENDIAN);
    header.put(ModelFile.MAGIC).putInt(ModelFile.VERSION).putInt(name.length).put(name);
    header.putLong(ModelFile.layoutHash(model.parameters())).putInt(params.length);
    header.flip();
    crc.update(header.array(), 0, header.limit());
    AtomicFile.writeAll(ch, header);
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.BIG_ENDIAN);
    for (int off = 0; off < params.length; ) {
      int n = Math.min(CHUNK / 4, params.length - off);
      buf.clear();
      buf.asFloatBuffer().put(params, off, n);
      buf.limit(n * 4);
      crc.update(buf.array(), 0, n * 4);
      AtomicFile.writeAll(ch, buf);
      off += n;
    }
    buf.clear();
    buf.putInt((int) crc.getValue()).flip();
    AtomicFile.writeAll(ch, buf);
  }
}
