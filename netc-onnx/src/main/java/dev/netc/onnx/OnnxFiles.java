package dev.netc.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.netc.onnx.core.AtomicWrite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;

/** Reading and writing ONNX model files: the protobuf message, with a clear error for bytes that are not one. */
public final class OnnxFiles {
  private OnnxFiles() {}

  /**
   * Reads {@code file} as an ONNX {@code ModelProto}.
   * @throws OnnxImportException when the bytes are no ONNX model (truncated, another format)
   * @throws IOException when the file cannot be read
   */
  public static ModelProto read(Path file) throws IOException, OnnxImportException {
    try (InputStream in = Files.newInputStream(file)) {
      return ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxImportException(file + ": not an ONNX model (" + e.getMessage() + ")");
    }
  }

  /** Writes {@code model} to {@code file} atomically (a temporary file renamed), replacing it. */
  public static void write(ModelProto model, Path file) throws IOException {
    AtomicWrite.replace(file, model.toByteArray());
  }
}
