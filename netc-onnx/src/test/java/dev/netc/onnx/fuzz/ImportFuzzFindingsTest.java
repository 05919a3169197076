package dev.netc.onnx.fuzz;

import static dev.netc.onnx.testing.OnnxBuilder.in;
import static dev.netc.onnx.testing.OnnxBuilder.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.OnnxImporter;
import dev.netc.onnx.core.Tensors;
import dev.netc.onnx.testing.OnnxBuilder;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

/**
 * What the first runs of the ONNX import fuzz target found (their inputs are in the target's
 * regression corpus, {@code OnnxImportFuzzTestInputs/importModel/crash-*}), each as a readable
 * model: every one was an exception other than {@link OnnxImportException} or an allocation sized
 * by what the model merely declares.
 */
class ImportFuzzFindingsTest {

  private static String refused(ModelProto model) {
    return assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(model, "Fuzzed")).getMessage();
  }

  @Test
  void aNodeWithoutItsRequiredInputsIsRefusedByName() {
    // was IndexOutOfBoundsException in DenseMapping, PoolMapping and the constant folder
    ModelProto gemm = new OnnxBuilder().input("x", 4).node("Gemm", "/fc/Gemm", in("x"), out("y")).output("y", 4).build();
    assertEquals("node \"/fc/Gemm\" (Gemm): Gemm needs at least 2 inputs; this node has 1", refused(gemm));
    ModelProto empty = new OnnxBuilder().input("x", 4).random("w", 4, 4)
        .node("MatMul", "/mm", in("x", ""), out("y")).output("y", 4).build();
    assertTrue(refused(empty).contains("MatMul needs at least 2 inputs; this node has 1 before an empty one"));
  }

  @Test
  void aNodeWithoutOutputsIsRefusedByName() {
    // was IndexOutOfBoundsException reading getOutput(0) in the folder and the idiom matchers
    ModelProto model = new OnnxBuilder().input("x", 4).node("Relu", "/relu", in("x"), out()).output("x", 4).build();
    assertEquals("node \"/relu\" (Relu): the node has no output", refused(model));
  }

  @Test
  void dimsThatTheDataDoesNotHoldAllocateNothing() {
    // was OutOfMemoryError: a 40-byte int64 initializer declaring [1000000000] values
    TensorProto liar = Tensors.longs("shape", new long[] {1, 2, 3, 4, 5}, 5).toBuilder().setDims(0, 1_000_000_000L).build();
    ModelProto model = new OnnxBuilder().input("x", 4).initTensor(liar)
        .node("Reshape", "/reshape", in("x", "shape"), out("y")).output("y", 4).build();
    String message = refused(model);
    assertTrue(message.contains("shape"), message);
  }

  @Test
  void aConstantTooLargeToFoldIsRefusedAtItsNode() {
    // was an allocation of 2^32 floats: ConstantOfShape of a shape given in a 16-byte initializer
    ModelProto model = new OnnxBuilder().input("x", 4).initInts("big", 65_536, 65_536)
        .node("ConstantOfShape", "/zeros", in("big"), out("z"))
        .node("Add", "/add", in("x", "z"), out("y")).output("y", 4).build();
    assertEquals("node \"/zeros\" (ConstantOfShape): computes a constant netc will not fold: more than 1048576"
        + " values [65536, 65536] (netc folds shape arithmetic; weights belong in initializers)", refused(model));
  }

  @Test
  void broadcastingAgainstAnEmptyDimensionGivesAnEmptyResult() throws Exception {
    // was ArrayIndexOutOfBoundsException: [0] + [1] broadcast to [1] and read the empty operand
    ModelProto model = new OnnxBuilder().input("x", 4).initTensor(Tensors.longs("none", new long[0], 0))
        .initInts("one", 1).node("Add", "/add", in("none", "one"), out("s"))
        .node("Reshape", "/reshape", in("x", "s"), out("y")).output("y", 4).build();
    refused(model);  // an empty shape for Reshape is the model's mistake, said as an import error
  }

  @Test
  void recurrentWeightsThatDisagreeWithHiddenSizeAreAnImportError() {
    // was IllegalStateException "the importer collected 256 values for parameter ... of 192"
    NodeProto lstm = NodeProto.newBuilder().setOpType("LSTM").setName("/lstm").addInput("xt").addInput("W")
        .addInput("R").addOutput("").addOutput("h").addAttribute(AttributeProto.newBuilder().setName("hidden_size")
            .setType(AttributeProto.AttributeType.INT).setI(4)).build();
    ModelProto model = new OnnxBuilder().input("x", 3, 2).random("W", 1, 32, 2).random("R", 1, 24, 6)
        .initInts("perm", 1, 0, 2)
        .node("Transpose", "/t", in("x"), out("xt"), AttributeProto.newBuilder().setName("perm")
            .setType(AttributeProto.AttributeType.INTS).addInts(1).addInts(0).addInts(2).build())
        .node(lstm).output("h", 1, 4).build();
    String message = refused(model);
    assertTrue(!message.isBlank(), message);
  }

  @Test
  void rawDataShorterThanTheDimsIsNotRead() {
    TensorProto shortRaw = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addDims(1 << 30).setRawData(ByteString.copyFrom(new byte[8])).build();
    assertEquals(null, Tensors.toFloats(shortRaw));
    assertEquals(null, Tensors.toLongs(shortRaw.toBuilder().setDataType(TensorProto.DataType.INT64_VALUE).build()));
  }
}
