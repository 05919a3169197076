package dev.netc.runtime.io;

import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.train.Trainer;
import dev.netc.runtime.train.TrainingState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Saves and loads a model's parameters.
 *
 * <p>Format version 1, big-endian:
 *
 * <pre>
 *   "NETC"                      4 bytes magic
 *   int    version              1
 *   int    n, byte[n]           network name, UTF-8
 *   long   layout hash          {@link #layoutHash} of the parameter names and shapes
 *   int    parameter count
 *   float  parameters[count]
 *   int    CRC32 of every byte before it
 * </pre>
 *
 * <p>Format version 2 (written by {@link #save(Model, Path, TrainingState)}) has the same header
 * and parameters, then a tensor table and optional training state before the checksum:
 *
 * <pre>
 *   int    tensors; per tensor: string name, int rank, int[rank] shape, int offset, byte trainable
 *   byte   has state; if 1: int epoch, long shuffle rng, long dropout rng, long augment rng,
 *          double base lr, byte has optimizer; if 1: string name, long steps, double lr,
 *          int buffers; per buffer: string key, int n, float[n]
 *   (string = int n, byte[n] UTF-8)
 * </pre>
 *
 * The tensor table lets {@link #loadPretrained} match tensors by name and shape into a network
 * whose head differs; the state lets {@link Trainer#restore} resume bitwise. Version 1 files are
 * still read, and {@link #save(Model, Path)} still writes them (plain weights, smallest file).
 *
 * <p>Why this shape: a file trained for one network must not be loaded silently into another whose
 * parameters happen to have the same count, so the name and a hash of every parameter's name and
 * shape are checked; a half-written or bit-rotted file must not become a model that predicts
 * garbage, so files are written atomically (temp file, fsync, rename) and checksummed. A load
 * verifies the whole file before it touches the model, so a failed load leaves the parameters as
 * they were, and it allocates nothing from a length it has not checked against the file size.
 */
public final class ModelFile {
  /** The first four bytes of every model file. */
  public static final byte[] MAGIC = {'N', 'E', 'T', 'C'};

  /** The format version {@link #save(Model, Path)} writes (plain weights). */
  public static final int VERSION = 1;

  /** The format version with a tensor table and optional training state. */
  public static final int VERSION_2 = 2;

  private static final int CHUNK = 1 << 16;
  /** Magic, version, name length; then name; then hash and count. */
  private static final int FIXED_HEADER = 4 + 4 + 4 + 8 + 4;

  private ModelFile() {}

  /** Writes the model's parameters to {@code file} atomically, replacing any existing file. */
  public static void save(Model model, Path file) throws IOException {
    byte[] name = model.name().getBytes(StandardCharsets.UTF_8);
    float[] params = model.parameters();
    writeAtomically(file, ch -> {
      CRC32 crc = new CRC32();
      ByteBuffer header =
          ByteBuffer.allocate(FIXED_HEADER + name.length).order(ByteOrder.BIG_ENDIAN);
      header.put(MAGIC).putInt(VERSION).putInt(name.length).put(name);
      header.putLong(layoutHash(model.parameterInfo())).putInt(params.length);
      header.flip();
      crc.update(header.array(), 0, header.limit());
      writeAll(ch, header);
      ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.BIG_ENDIAN);
      for (int off = 0; off < params.length; ) {
        int n = Math.min(CHUNK / 4, params.length - off);
        buf.clear();
        buf.asFloatBuffer().put(params, off, n);
        buf.limit(n * 4);
        crc.update(buf.array(), 0, n * 4);
        writeAll(ch, buf);
        off += n;
      }
      buf.clear();
      buf.putInt((int) crc.getValue()).flip();
      writeAll(ch, buf);
    });
  }

  /**
   * Loads parameters saved by {@link #save} into {@code model}, an instance of the same generated
   * class (or one with the same name and parameter layout). Nothing is changed unless the whole
   * file checks out.
   *
   * @throws ModelFileException when the file is not a netc model file, has another format
   *     version, was written for another network or parameter layout, is truncated, or fails its
   *     checksum
   * @throws IOException when the file cannot be read
   */
  public static void load(Model model, Path file) throws IOException {
    if (version(file) == VERSION_2) {
      loadCheckpoint(model, file);
      return;
    }
    float[] loaded;
    try (InputStream in = Files.newInputStream(file)) {
      loaded = read(model, file, Files.size(file), in);
    }
    float[] params = model.parameters();
    System.arraycopy(loaded, 0, params, 0, params.length);
  }

  /** The format version in the file's header, or -1 when it is not a netc model file. */
  static int version(Path file) throws IOException {
    byte[] head = new byte[8];
    try (InputStream in = Files.newInputStream(file)) {
      if (readFully(in, head, 0, 8) < 8) {
        return -1;
      }
    }
    for (int i = 0; i < 4; i++) {
      if (head[i] != MAGIC[i]) {
        return -1;
      }
    }
    return ByteBuffer.wrap(head).getInt(4);
  }

  /**
   * Writes a version-2 file: the parameters, the tensor table and, when {@code state} is not null,
   * the training state. Atomic like {@link #save(Model, Path)}.
   */
  public static void save(Model model, Path file, TrainingState state) throws IOException {
    writeAtomically(file, ModelFileV2.encode(model, state));
  }

  /**
   * Loads a version-1 or -2 file into {@code model} (same checks as {@link #load}) and returns the
   * training state it holds, or null when it holds none.
   */
  public static TrainingState loadCheckpoint(Model model, Path file) throws IOException {
    if (version(file) != VERSION_2) {
      load(model, file);
      return null;
    }
    ModelFileV2.Contents c = ModelFileV2.decode(file, Files.readAllBytes(file));
    if (!c.name().equals(model.name())) {
      throw new ModelFileException(file, "written for network " + c.name() + ", not " + model.name());
    }
    if (c.params().length != model.parameterCount()) {
      throw new ModelFileException(file, "parameter layout differs: the file has " + c.params().length
          + " parameters, network " + model.name() + " has " + model.parameterCount());
    }
    if (c.hash() != layoutHash(model.parameterInfo())) {
      throw new ModelFileException(file, "parameter layout differs: layout hash in the file does not match network " + model.name());
    }
    System.arraycopy(c.params(), 0, model.parameters(), 0, c.params().length);
    return c.state();
  }

  /**
   * Fine-tuning: copies every tensor of a version-2 file whose name and shape match a tensor of
   * {@code model} (any network name); the others keep their current (initialized) values. The
   * report lists what was loaded, skipped (with the reason) and left newly initialized.
   */
  public static TransferReport loadPretrained(Model model, Path file) throws IOException {
    int v = version(file);
    if (v != VERSION_2) {
      throw new ModelFileException(file, v == VERSION
          ? "a version-1 file has no tensor table; save the pretrained model with save(model, file, state) to fine-tune from it"
          : "not a netc version-2 model file");
    }
    ModelFileV2.Contents c = ModelFileV2.decode(file, Files.readAllBytes(file));
    return TransferReport.transfer(c.tensors(), c.params(), model);
  }

  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    writeAtomically(file, ch -> writeAll(ch, ByteBuffer.wrap(bytes)));
  }

  /** What goes into the temporary file before it replaces the target. */
  @FunctionalInterface
  private interface ChannelWriter {
    void write(FileChannel ch) throws IOException;
  }

  /**
   * Crash-safe replacement of {@code file}: writes a temporary file in the same directory, forces
   * it to disk, moves it over the target (atomically where the file system can) and syncs the
   * directory; a failure leaves the old file and no temporary file behind.
   */
  private static void writeAtomically(Path file, ChannelWriter contents) throws IOException {
    Path target = file.toAbsolutePath();
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

  /**
   * A 64-bit FNV-1a hash of the parameters' names and shapes, in order: it changes when a layer is
   * renamed, resized, added, removed or reordered, not when weights change.
   */
  public static long layoutHash(List<ParameterInfo> parameters) {
    long h = 0xcbf29ce484222325L;
    h = mix(h, parameters.size());
    for (ParameterInfo p : parameters) {
      byte[] name = p.name().getBytes(StandardCharsets.UTF_8);
      h = mix(h, name.length);
      for (byte b : name) {
        h = (h ^ (b & 0xFF)) * 0x100000001b3L;
      }
      h = mix(h, p.shape().length);
      for (int d : p.shape()) {
        h = mix(h, d);
      }
    }
    return h;
  }

  private static long mix(long h, int v) {
    for (int i = 24; i >= 0; i -= 8) {
      h = (h ^ ((v >>> i) & 0xFF)) * 0x100000001b3L;
    }
    return h;
  }

  /** Verifies the whole file and returns its parameters; the model is only read. */
  private static float[] read(Model model, Path file, long size, InputStream in)
      throws IOException {
    CRC32 crc = new CRC32();
    byte[] start = new byte[12];
    int got = readFully(in, start, 0, 12);
    for (int i = 0; i < Math.min(got, 4); i++) {
      if (start[i] != MAGIC[i]) {
        throw new ModelFileException(file, "not a netc model file (does not start with \"NETC\")");
      }
    }
    if (got < 8) {
      throw new ModelFileException(
          file, got < 4 ? "not a netc model file (only " + got + " bytes)"
              : "truncated: " + got + " bytes, the header alone needs more");
    }
    ByteBuffer b = ByteBuffer.wrap(start).order(ByteOrder.BIG_ENDIAN);
    int version = b.getInt(4);
    if (version != VERSION) {
      throw new ModelFileException(
          file,
          "unsupported format version " + version + " (this runtime reads versions 1 and 2)");
    }
    if (got < 12) {
      throw new ModelFileException(file, "truncated: " + size + " bytes, inside the header");
    }
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
    if (!name.equals(model.name())) {
      throw new ModelFileException(
          file, "written for network " + name + ", not " + model.name());
    }
    if (!fits) {
      throw new ModelFileException(
          file,
          "parameter layout differs: the file has " + count + " parameters, network "
              + model.name() + " has " + model.parameterCount());
    }
    long expectedHash = layoutHash(model.parameterInfo());
    if (hash != expectedHash) {
      throw new ModelFileException(
          file,
          String.format(
              "parameter layout differs: layout hash %016x in the file, %016x for network %s"
                  + " (same count, %d, but parameter names or shapes changed)",
              hash, expectedHash, model.name(), count));
    }
    return values;
  }

  private static int readFully(InputStream in, byte[] buf, int off, int len) throws IOException {
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

  private static void writeAll(FileChannel ch, ByteBuffer buf) throws IOException {
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
