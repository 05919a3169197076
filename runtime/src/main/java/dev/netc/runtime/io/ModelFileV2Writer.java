package dev.netc.runtime.io;

import dev.netc.runtime.InputPort;
import dev.netc.runtime.OutputPort;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.optim.OptimizerState;
import dev.netc.runtime.train.TrainingState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes {@link ModelFile} format versions 2 and 3 (see there for the layout): version 3 is version
 * 2 with the port table after the tensor table.
 */
final class ModelFileV2Writer {
  private ModelFileV2Writer() {}

  /**
   * The whole file: parameters, tensor table, the port table (version 3), the training state when
   * not null, checksum.
   */
  static byte[] encode(WeightLayout model, float[] p, TrainingState state, int version) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(ModelFile.MAGIC);
      out.writeInt(version);
      string(out, model.network());
      out.writeLong(ModelFile.layoutHash(model.parameters()));
      out.writeInt(p.length);
      for (float v : p) {
        out.writeFloat(v);
      }
      out.writeInt(model.parameters().size());
      for (ParameterInfo t : model.parameters()) {
        string(out, t.name());
        out.writeInt(t.shape().length);
        for (int d : t.shape()) {
          out.writeInt(d);
        }
        out.writeInt(t.offset());
        out.writeByte(t.trainable() ? 1 : 0);
      }
      if (version >= ModelFile.VERSION_3) {
        out.writeInt(model.inputs().size());
        for (InputPort in : model.inputs()) {
          port(out, in.name(), in.shape());
        }
        out.writeInt(model.outputs().size());
        for (OutputPort o : model.outputs()) {
          port(out, o.name(), o.shape());
        }
      }
      out.writeByte(state == null ? 0 : 1);
      if (state != null) {
        out.writeInt(state.epoch());
        out.writeLong(state.shuffleRng());
        out.writeLong(state.dropoutRng());
        out.writeLong(state.augmentRng());
        out.writeDouble(state.baseLearningRate());
        OptimizerState o = state.optimizer();
        out.writeByte(o == null ? 0 : 1);
        if (o != null) {
          string(out, o.name());
          out.writeLong(o.steps());
          out.writeDouble(o.learningRate());
          out.writeInt(o.buffers().size());
          for (Map.Entry<String, float[]> e : o.buffers().entrySet()) {
            string(out, e.getKey());
            out.writeInt(e.getValue().length);
            for (float v : e.getValue()) {
              out.writeFloat(v);
            }
          }
        }
      }
      out.flush();
      CRC32 crc = new CRC32();
      byte[] b = bytes.toByteArray();
      crc.update(b);
      out.writeInt((int) crc.getValue());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void port(DataOutputStream out, String name, int[] shape) throws IOException {
    string(out, name);
    out.writeInt(shape.length);
    for (int d : shape) {
      out.writeInt(d);
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
