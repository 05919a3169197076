package dev.netc.runtime.io;

import dev.netc.runtime.Init;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.optim.OptimizerState;
import dev.netc.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads {@link ModelFile} format versions 2 and 3 (see there for the layout): version 3 adds the
 * port table, which a load compares with the model's inputs and outputs.
 */
final class ModelFileV2Reader implements ModelFileReader {
  static final ModelFileV2Reader INSTANCE = new ModelFileV2Reader();

  private ModelFileV2Reader() {}

  @Override
  public ModelFileContents read(WeightLayout model, Path file) throws IOException {
    ModelFileContents c = decode(file, Files.readAllBytes(file));
    if (!c.name().equals(model.network())) {
      throw new ModelFileException(file, "written for network " + c.name() + ", not " + model.network());
    }
    if (c.params().length != model.parameterCount()) {
      throw new ModelFileException(file, "parameter layout differs: the file has " + c.params().length
          + " parameters, network " + model.network() + " has " + model.parameterCount());
    }
    if (c.hash() != ModelFile.layoutHash(model.parameters())) {
      throw new ModelFileException(file, "parameter layout differs: layout hash in the file does not match network " + model.network());
    }
    if (c.ports() != null) {
      c.ports().requireSame(model, file);
    }
    return c;
  }

  /** The verified contents of a version-2 or -3 file, whatever network it was written for. */
  static ModelFileContents decode(Path file, byte[] b) throws ModelFileException {
    if (b.length < 4 + 4 + 4) {
      throw new ModelFileException(file, "truncated: " + b.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer r = ByteBuffer.wrap(b);
    int stored = r.getInt(b.length - 4);
    if (stored != (int) crc.getValue()) {
      throw new ModelFileException(file, String.format("checksum mismatch (stored %08x, computed %08x): the file is corrupt or truncated",
          stored, (int) crc.getValue()));
    }
    r.limit(b.length - 4);
    try {
      int version = r.getInt(4);
      r.position(8);
      String name = string(r);
      long hash = r.getLong();
      float[] params = floats(r);
      int n = count(r, 4);
      List<ParameterInfo> tensors = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String t = string(r);
        int rank = count(r, 4);
        int[] shape = new int[rank];
        for (int k = 0; k < rank; k++) {
          shape[k] = r.getInt();
        }
        int offset = r.getInt();
        boolean trainable = r.get() != 0;
        int dot = t.lastIndexOf('.');
        ParameterInfo info = new ParameterInfo(t, dot < 0 ? t : t.substring(0, dot), offset, shape, Init.ZEROS, 0, 0, trainable);
        if (offset < 0 || (long) offset + info.size() > params.length) {
          throw new ModelFileException(file, "corrupt tensor table: " + t + " lies outside the parameters");
        }
        tensors.add(info);
      }
      FilePorts ports = null;
      if (version >= ModelFile.VERSION_3) {
        List<String> inputs = ports(r);
        ports = new FilePorts(inputs, ports(r));
      }
      TrainingState state = null;
      if (r.get() != 0) {
        int epoch = r.getInt();
        long shuffle = r.getLong();
        long dropout = r.getLong();
        long augment = r.getLong();
        double base = r.getDouble();
        OptimizerState os = null;
        if (r.get() != 0) {
          String on = string(r);
          long steps = r.getLong();
          double lr = r.getDouble();
          int k = count(r, 8);
          Map<String, float[]> buffers = new LinkedHashMap<>();
          for (int i = 0; i < k; i++) {
            buffers.put(string(r), floats(r));
          }
          os = new OptimizerState(on, steps, lr, buffers);
        }
        state = new TrainingState(epoch, shuffle, dropout, augment, base, os);
        requireConsistent(file, state, params.length);
      }
      if (r.hasRemaining()) {
        throw new ModelFileException(file, "corrupt: " + r.remaining() + " unexpected bytes before the checksum");
      }
      return new ModelFileContents(name, hash, params, tensors, state, ports);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new ModelFileException(file, "truncated or corrupt version-" + r.getInt(4) + " file");
    }
  }

  /**
   * What a writer cannot produce, refused at load rather than when training resumes (found by
   * fuzzing): a negative epoch made a resumed run count up from it; a negative step count, a
   * learning rate that is negative or not finite, or an optimizer buffer that does not hold one
   * value per parameter failed in the middle of fit.
   */
  private static void requireConsistent(Path file, TrainingState state, int parameters) throws ModelFileException {
    if (state.epoch() < 0) {
      throw new ModelFileException(file, "corrupt training state: epoch " + state.epoch());
    }
    requireRate(file, "base learning rate", state.baseLearningRate());
    OptimizerState os = state.optimizer();
    if (os == null) {
      return;
    }
    if (os.steps() < 0) {
      throw new ModelFileException(file, "corrupt training state: " + os.name() + " at step " + os.steps());
    }
    requireRate(file, os.name() + " learning rate", os.learningRate());
    for (Map.Entry<String, float[]> b : os.buffers().entrySet()) {
      if (b.getValue().length != parameters) {
        throw new ModelFileException(file, "corrupt training state: " + os.name() + " buffer '" + b.getKey()
            + "' holds " + b.getValue().length + " values for " + parameters + " parameters");
      }
    }
  }

  private static void requireRate(Path file, String what, double rate) throws ModelFileException {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new ModelFileException(file, "corrupt training state: " + what + " " + rate);
    }
  }

  /** One list of the port table: per port its name and shape, as {@code name[d0, d1]}. */
  private static List<String> ports(ByteBuffer r) {
    int n = count(r, 8);
    List<String> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = string(r);
      int[] shape = new int[count(r, 4)];
      for (int k = 0; k < shape.length; k++) {
        shape[k] = r.getInt();
      }
      ports.add(FilePorts.port(name, shape));
    }
    return ports;
  }

  /** A count whose items take at least {@code bytesEach} bytes, checked against what is left. */
  private static int count(ByteBuffer r, int bytesEach) {
    int n = r.getInt();
    if (n < 0 || (long) n * bytesEach > r.remaining()) {
      throw new IllegalArgumentException("bad count " + n);
    }
    return n;
  }

  private static float[] floats(ByteBuffer r) {
    float[] v = new float[count(r, 4)];
    r.asFloatBuffer().get(v);
    r.position(r.position() + 4 * v.length);
    return v;
  }

  private static String string(ByteBuffer r) {
    byte[] s = new byte[count(r, 1)];
    r.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
