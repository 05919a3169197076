package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.ir.Graph;
import dev.netc.onnx.core.Attributes;
import dev.netc.onnx.core.Tensors;
import dev.netc.onnx.testing.Networks;
import java.util.List;
import java.util.stream.Collectors;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

/** What each mapping writes into the ONNX graph: op types, inputs, attributes and weight layouts. */
class ExportStructureTest {

  private static ModelProto export(String body) throws OnnxExportException {
    Graph graph = Networks.check("N.net", "network N {\n" + body + "\n  loss mse;\n}\n").get(0);
    float[] params = new float[dev.netc.onnx.core.NetcLayout.of(graph).parameterCount()];
    for (int i = 0; i < params.length; i++) {
      params[i] = i;
    }
    return OnnxExporter.export(graph, params);
  }

  private static String ops(GraphProto g) {
    return g.getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.joining(" "));
  }

  private static TensorProto init(GraphProto g, String name) {
    return g.getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void denseIsAGemmOnTheWeightAsStoredThenItsActivation() throws Exception {
    GraphProto g = export("  input x: float[3];\n  h = dense(2, activation: relu);").getGraph();
    assertEquals("Gemm Relu", ops(g));
    assertEquals(List.of("x", "h.weight", "h.bias"), g.getNode(0).getInputList());
    assertEquals(List.of(3L, 2L), init(g, "h.weight").getDimsList());
    assertEquals(0, Attributes.getInt(g.getNode(0), "transB", 0));
    assertEquals("h", g.getNode(1).getOutput(0));
    assertEquals("h/Relu", g.getNode(1).getName());
    assertEquals("h", g.getOutput(0).getName());
  }

  @Test
  void convWeightsMoveTheFilterAxisFirst() throws Exception {
    GraphProto g = export("  input x: float[2, 5, 5];\n  c = conv2d(3, kernel: 2, stride: 2, padding: same, bias: false);")
        .getGraph();
    NodeProto conv = g.getNode(0);
    assertEquals("Conv", conv.getOpType());
    assertEquals(List.of(3L, 2L, 2L, 2L), init(g, "c.weight").getDimsList());
    // netc weight [C=2, kh=2, kw=2, F=3] holds 0..23: ONNX [f=2, c=1, y=0, x=1] is netc [1, 0, 1, 2] = 5*3 + 2
    assertEquals(17f, Tensors.toFloats(init(g, "c.weight"))[((2 * 2 + 1) * 2 + 0) * 2 + 1]);
    assertEquals("[0, 0, 1, 1]", Attributes.getInts(conv, "pads", null) == null ? ""
        : java.util.Arrays.toString(Attributes.getInts(conv, "pads", null)), "same: the odd unit at the end");
    assertEquals(2, conv.getInputCount(), "no bias");
  }

  @Test
  void inferenceModeBatchNormAndNoDropout() throws Exception {
    GraphProto g = export("  input x: float[4];\n  b = batchnorm(momentum: 0.25);\n  d = dropout(0.5);\n  e = relu(d);")
        .getGraph();
    assertEquals("BatchNormalization Relu", ops(g));
    assertEquals(List.of("x", "b.gamma", "b.beta", "b.running_mean", "b.running_var"), g.getNode(0).getInputList());
    assertEquals(0.75f, Attributes.getFloat(g.getNode(0), "momentum", 0));
    assertEquals("b", g.getNode(1).getInput(0), "relu reads what dropout read");
    GraphProto last = export("  input x: float[4];\n  d = dropout(0.5);").getGraph();
    assertEquals("Identity", ops(last), "a dropout that is the output is an Identity");
  }

  @Test
  void mergesPoolsAndShapes() throws Exception {
    GraphProto g = export("""
          input x: float[2, 4, 4];
          p = avgpool(size: 2, padding: same);
          q = global_maxpool(p);
          s = mul(p, q);
          t = add(p, s, p) -> flatten -> reshape([4, 2]) -> softmax;
          u = concat(t, t, axis: -1);""").getGraph();
    assertEquals("AveragePool GlobalMaxPool Flatten Reshape Mul Sum Flatten Reshape Softmax Concat", ops(g));
    assertEquals(1, Attributes.getInt(g.getNode(0), "count_include_pad", 0));
    assertEquals(List.of(-1L, 2L, 1L, 1L), List.of(box(Tensors.toLongs(init(g, "s.per_channel_shape")))),
        "the per-channel operand lines up with the channels");
    assertEquals(List.of(-1L, 4L, 2L), List.of(box(Tensors.toLongs(init(g, "reshape_1.shape")))));
    assertEquals(-1, Attributes.getInt(g.getNode(9), "axis", 0));
  }

  private static Long[] box(long[] v) {
    return java.util.Arrays.stream(v).boxed().toArray(Long[]::new);
  }

  @Test
  void wrongWeightsAreRefused() throws Exception {
    Graph graph = Networks.check("N.net", "network N {\n  input x: float[3];\n  dense(2);\n  loss mse;\n}\n").get(0);
    OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExporter.export(graph, new float[7]));
    assertTrue(e.getMessage().contains("network N has 8 parameters, the weights given have 7"), e.getMessage());
  }
}
