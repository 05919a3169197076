package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.UnaryOperator;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

/**
 * What the importer refuses around recurrent layers and attention: PyTorch fixtures edited into
 * the variants netc has no layer for, each refused with the node's name, its op type and why.
 */
class SequenceImportErrorsTest {

  private static ModelProto fixture(String name) throws Exception {
    return OnnxFiles.read(PyTorchFixture.load(name).model());
  }

  /** {@code model} with every node of type {@code opType} replaced by {@code edit}'s result. */
  private static ModelProto edit(ModelProto model, String opType, UnaryOperator<NodeProto> edit) {
    GraphProto.Builder g = model.getGraph().toBuilder();
    for (int i = 0; i < g.getNodeCount(); i++) {
      if (g.getNode(i).getOpType().equals(opType)) {
        g.setNode(i, edit.apply(g.getNode(i)));
      }
    }
    return model.toBuilder().setGraph(g).build();
  }

  private static OnnxImportException refused(ModelProto model) {
    return assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(model, "Edited"));
  }

  /** ONNX's default GRU applies the reset gate before R_h: another cell than netc's and PyTorch's. */
  @Test
  void gruWithoutLinearBeforeReset() throws Exception {
    ModelProto m = edit(fixture("gru"), "GRU", n -> n.toBuilder().clearAttribute()
        .addAttribute(n.getAttributeList().stream().filter(a -> a.getName().equals("hidden_size")).findFirst()
            .orElseThrow()).build());
    OnnxImportException e = refused(m);
    assertEquals("/rnn/GRU", e.node());
    assertEquals("GRU", e.opType());
    assertTrue(e.getMessage().contains("linear_before_reset = 0"), e.getMessage());
  }

  @Test
  void lstmWithCellClipping() throws Exception {
    ModelProto m = edit(fixture("lstm"), "LSTM", n -> n.toBuilder().addAttribute(AttributeProto.newBuilder()
        .setName("clip").setType(AttributeProto.AttributeType.FLOAT).setF(3f)).build());
    OnnxImportException e = refused(m);
    assertEquals("LSTM", e.opType());
    assertTrue(e.getMessage().contains("clip"), e.getMessage());
  }

  /** A time-major input (batch_first=False) has its batch on axis 1, which netc's layers do not read. */
  @Test
  void recurrentLayerReadingTimeMajorInput() throws Exception {
    ModelProto m = edit(fixture("gru"), "GRU", n -> n.toBuilder().setInput(0, "x").build());
    OnnxImportException e = refused(m);
    assertEquals("/rnn/GRU", e.node());
    assertTrue(e.getMessage().contains("time-major") && e.getMessage().contains("batch_first=True"), e.getMessage());
  }

  /** The final cell state is not something netc's lstm gives. */
  @Test
  void lstmWhoseFinalCellIsRead() throws Exception {
    ModelProto lstm = fixture("lstm");
    NodeProto node = lstm.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("LSTM")).findFirst()
        .orElseThrow();
    GraphProto.Builder g = lstm.getGraph().toBuilder().addOutput(lstm.getGraph().getOutput(0).toBuilder()
        .setName(node.getOutput(2)));
    OnnxImportException e = refused(lstm.toBuilder().setGraph(g).build());
    assertEquals("LSTM", e.opType());
    assertTrue(e.getMessage().contains("Y_c"), e.getMessage());
  }

  /** An attention mask that is not causal (here: random) has no netc equivalent. */
  @Test
  void attentionWithAnArbitraryMask() throws Exception {
    ModelProto t = fixture("transformer");
    GraphProto.Builder g = t.getGraph().toBuilder();
    int at = -1;
    for (int i = 0; i < g.getNodeCount(); i++) {
      if (g.getNode(i).getOpType().equals("Softmax")) {
        at = i;
      }
    }
    NodeProto softmax = g.getNode(at);
    String scores = softmax.getInput(0);
    ByteBuffer mask = ByteBuffer.allocate(36 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 36; i++) {
      mask.putFloat(i % 5 == 0 ? -1e9f : 0.25f);
    }
    g.addInitializer(TensorProto.newBuilder().setName("mask").setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addDims(6).addDims(6).setRawData(ByteString.copyFrom(mask.flip())));
    g.setNode(at, softmax.toBuilder().setInput(0, "masked"));
    g.addNode(at, NodeProto.newBuilder().setName("mask_add").setOpType("Add").addInput(scores).addInput("mask")
        .addOutput("masked"));
    OnnxImportException e = refused(t.toBuilder().setGraph(g).build());
    assertEquals("mask_add", e.node());
    assertTrue(e.getMessage().contains("not causal"), e.getMessage());
  }

  /** An op netc has no mapping for is named with the list of what it imports, sequence ops included. */
  @Test
  void unknownOpListsTheSupportedOnes() throws Exception {
    ModelProto m = edit(fixture("transformer"), "LayerNormalization", n -> n.toBuilder()
        .setOpType("GroupNormalization").build());
    OnnxImportException e = refused(m);
    assertEquals("GroupNormalization", e.opType());
    for (String type : new String[] {"GRU", "LSTM", "RNN", "Gather", "LayerNormalization", "ReduceMean", "Resize",
        "Slice"}) {
      assertTrue(e.getMessage().contains(type), type + " missing from: " + e.getMessage());
    }
  }
}
