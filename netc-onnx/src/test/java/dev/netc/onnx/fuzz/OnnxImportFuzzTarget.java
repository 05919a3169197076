package dev.netc.onnx.fuzz;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.netc.onnx.ImportedNetwork;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.OnnxImporter;
import java.lang.management.ManagementFactory;
import onnx.Onnx.ModelProto;

/**
 * The property of ONNX import (docs/fuzzing.md): whatever the bytes, reading them is a
 * protobuf error ({@code OnnxFiles} reports it naming the file), and importing a model that
 * parses either gives a network whose weights fill its layout exactly, or throws an
 * {@link OnnxImportException} with a message; never another exception, and no allocation sized by
 * a shape or length the model merely declares (a {@code ConstantOfShape} of a billion elements,
 * say): the import may allocate a fixed budget for checking the network plus a multiple of the
 * model's own bytes.
 */
public final class OnnxImportFuzzTarget {
  /** What checking an imported network may allocate whatever its size (javac-free, but codegen's checks). */
  private static final long FIXED_BUDGET = 256L << 20;
  /** Per model byte: the weights as floats, their copies in netc's layout and the .net text. */
  private static final long PER_BYTE = 64;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private OnnxImportFuzzTarget() {}

  public static void fuzzerTestOneInput(byte[] data) {
    try {
      check(data);
    } catch (Excess first) {
      check(data);  // the first pass through a code path also loads (and instruments) its classes
    }
  }

  private static void check(byte[] data) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    long start = allocated();
    try {
      ImportedNetwork imported = OnnxImporter.importModel(model, "Fuzzed");
      if (imported.params().length != imported.layout().parameterCount()) {
        throw new AssertionError(imported.params().length + " weights for a layout of "
            + imported.layout().parameterCount() + " parameters:\n" + imported.netSource());
      }
      if (imported.netSource().isBlank()) {
        throw new AssertionError("an import without .net text");
      }
    } catch (OnnxImportException e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("an import error without a message", e);
      }
    } finally {
      long used = allocated() - start;
      long limit = FIXED_BUDGET + PER_BYTE * data.length;
      if (used > limit) {
        throw new Excess("importing a " + data.length + "-byte model allocated " + used
            + " bytes, more than the " + limit + " it can justify: an allocation sized by an untrusted length");
      }
    }
  }

  private static long allocated() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** More allocated than the model's size justifies. */
  static final class Excess extends AssertionError {
    private static final long serialVersionUID = 1L;

    Excess(String message) {
      super(message);
    }
  }
}
