package dev.netc.spark;

import dev.netc.runtime.Model;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.OptimizerState;
import dev.netc.runtime.train.TrainingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's checkpoints, written through Hadoop's {@link FileSystem} (HDFS, S3A, GCS, a local
 * directory): the parameters and optimizer state as a version-3 netc model file, and where the
 * run stands (step, epoch, next batch, the shuffle generator at the epoch's start, every
 * partition's dropout generator). A driver that fails is restarted with the same settings and
 * continues from the newest checkpoint, bitwise as if it had not stopped.
 *
 * <p>Each checkpoint is a new file {@code step-<step>.ckpt}, written under a temporary name and
 * renamed (atomic on HDFS and local file systems), with a CRC32 over its bytes; the two newest are
 * kept. A checkpoint that does not check out (a half-written file on a store without atomic
 * rename) is skipped with a warning in favour of the one before.
 */
final class SparkCheckpoints {
  private static final int MAGIC = 0x4E53504B; // "NSPK"
  private static final int VERSION = 1;
  private static final int KEEP = 2;

  private final Path dir;
  private final Configuration conf;

  /** Where the run stands, as a checkpoint records it. */
  record Position(long step, int epoch, int nextBatch, long shuffleAtEpochStart, long[] rngStates) {}

  SparkCheckpoints(String dir, Configuration conf) {
    this.dir = new Path(dir);
    this.conf = conf;
  }

  /** Writes the checkpoint of {@code at}, then deletes all but the newest {@value #KEEP}. */
  void save(Position at, Model model, Optimizer optimizer, int batchSize, int dataSize) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      byte[] body = encode(at, model, optimizer, batchSize, dataSize);
      Path file = new Path(dir, name(at.step()));
      Path tmp = new Path(dir, "_" + name(at.step()) + ".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(body);
      }
      fs.delete(file, false);
      if (!fs.rename(tmp, file)) {
        throw new IOException("cannot rename " + tmp + " to " + file);
      }
      List<FileStatus> all = list(fs);
      for (int i = KEEP; i < all.size(); i++) {
        fs.delete(all.get(i).getPath(), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + name(at.step()) + " in " + dir, e);
    }
  }

  /**
   * Loads the newest checkpoint that checks out into {@code model} and {@code optimizer} and
   * returns where it stood, or null when the directory holds none.
   *
   * @throws IllegalStateException when it was written for another batch size, data size or
   *     partitioning, which would not continue the same run
   */
  Position resume(Model model, Optimizer optimizer, int batchSize, int dataSize, int partitions) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return null;
      }
      for (FileStatus f : list(fs)) {
        Position p;
        try (InputStream in = fs.open(f.getPath())) {
          p = decode(f.getPath(), in.readAllBytes(), model, optimizer, batchSize, dataSize, partitions);
        } catch (CorruptCheckpoint | ChecksumException e) {
          // ChecksumException: a file system with its own checksums (the local one) saw the damage first
          System.err.println("netc-spark: skipping checkpoint " + f.getPath() + ": " + e.getMessage());
          continue;
        }
        return p;
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoints in " + dir, e);
    }
  }

  /** Checkpoint files, newest first. */
  private List<FileStatus> list(FileSystem fs) throws IOException {
    List<FileStatus> all = new ArrayList<>(Arrays.asList(
        fs.listStatus(dir, p -> p.getName().startsWith("step-") && p.getName().endsWith(".ckpt"))));
    all.sort(Comparator.comparing((FileStatus f) -> f.getPath().getName()).reversed());
    return all;
  }

  private static String name(long step) {
    return String.format("step-%012d.ckpt", step);
  }

  private static byte[] encode(Position at, Model model, Optimizer optimizer, int batchSize, int dataSize)
      throws IOException {
    OptimizerState state;
    try {
      state = optimizer.exportState();
    } catch (UnsupportedOperationException e) {
      throw new IllegalStateException(optimizer.describe() + " cannot export its state, so it cannot be checkpointed", e);
    }
    java.nio.file.Path tmp = Files.createTempFile("netc-checkpoint", ".netc");
    byte[] modelFile;
    try {
      ModelFile.save(model, tmp, new TrainingState(at.epoch() - 1, at.shuffleAtEpochStart(), 0, 0,
          optimizer.learningRate(), state));
      modelFile = Files.readAllBytes(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(modelFile.length + 256);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeLong(at.step());
    out.writeInt(at.epoch());
    out.writeInt(at.nextBatch());
    out.writeLong(at.shuffleAtEpochStart());
    out.writeInt(batchSize);
    out.writeInt(dataSize);
    out.writeInt(at.rngStates().length);
    for (long s : at.rngStates()) {
      out.writeLong(s);
    }
    out.writeInt(modelFile.length);
    out.write(modelFile);
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    out.flush();
    return bytes.toByteArray();
  }

  private static Position decode(Path file, byte[] b, Model model, Optimizer optimizer, int batchSize,
      int dataSize, int partitions) throws IOException {
    if (b.length < 48) {
      throw new CorruptCheckpoint("only " + b.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 4);
    int stored = ((b[b.length - 4] & 0xFF) << 24) | ((b[b.length - 3] & 0xFF) << 16)
        | ((b[b.length - 2] & 0xFF) << 8) | (b[b.length - 1] & 0xFF);
    if ((int) crc.getValue() != stored) {
      throw new CorruptCheckpoint("checksum mismatch (truncated or damaged)");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, 0, b.length - 4));
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      throw new CorruptCheckpoint("not a netc-spark checkpoint of version " + VERSION);
    }
    long step = in.readLong();
    int epoch = in.readInt();
    int nextBatch = in.readInt();
    long shuffle = in.readLong();
    int savedBatch = in.readInt();
    int savedSize = in.readInt();
    int savedPartitions = in.readInt();
    if (savedBatch != batchSize || savedSize != dataSize || savedPartitions != partitions) {
      throw new IllegalStateException("checkpoint " + file + " was written for batch size " + savedBatch + ", "
          + savedSize + " examples and " + savedPartitions + " partitions; this run has " + batchSize + ", "
          + dataSize + " and " + partitions + " (resume with the same data and settings, or use another directory)");
    }
    long[] rng = new long[savedPartitions];
    for (int i = 0; i < rng.length; i++) {
      rng[i] = in.readLong();
    }
    int length = in.readInt();
    if (length != in.available()) {
      throw new CorruptCheckpoint("model file of " + length + " bytes in " + in.available());
    }
    java.nio.file.Path tmp = Files.createTempFile("netc-checkpoint", ".netc");
    try {
      Files.write(tmp, in.readAllBytes());
      TrainingState state = ModelFile.loadCheckpoint(model, tmp);
      if (state == null || state.optimizer() == null) {
        throw new CorruptCheckpoint("no optimizer state");
      }
      optimizer.importState(state.optimizer());
      optimizer.setLearningRate(state.optimizer().learningRate());
    } finally {
      Files.deleteIfExists(tmp);
    }
    return new Position(step, epoch, nextBatch, shuffle, rng);
  }

  /** A checkpoint whose bytes do not check out: the one before it is tried. */
  private static final class CorruptCheckpoint extends IOException {
    CorruptCheckpoint(String message) {
      super(message);
    }
  }
}
