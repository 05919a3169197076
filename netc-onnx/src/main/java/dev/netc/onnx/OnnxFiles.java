package dev.netc.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;

/** Reading ONNX model files: the protobuf message with a clear error for bytes that are not one. */
public final class OnnxFiles {
  private OnnxFiles() {}

  /** Reads {@code file} as an ONNX {@code ModelProto}. */
  public static ModelProto read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(file + ": not an ONNX model (" + e.getMessage() + ")", e);
    }
  }
}
