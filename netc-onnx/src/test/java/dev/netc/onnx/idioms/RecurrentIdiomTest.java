package dev.netc.onnx.idioms;

import dev.netc.onnx.OnnxFiles;
import dev.netc.onnx.PyTorchFixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

class RecurrentIdiomTest {

  private static NodeIndex graph(String fixture) throws Exception {
    return new NodeIndex(OnnxFiles.read(PyTorchFixture.load(fixture).model()).getGraph());
  }

  private static NodeProto node(NodeIndex g, String opType) {
    return g.graph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).findFirst().orElseThrow();
  }

  /** out[:, -1] of a forward GRU is its final state; zero h0, Transposes and Squeeze all go. */
  @Test
  void batchFirstGruWithLastStepIsOneLayer() throws Exception {
    NodeIndex g = graph("gru");
    RecurrentIdiom r = RecurrentIdiom.around(g, node(g, "GRU"));
    assertEquals("x", r.entry());
    assertEquals(8, r.units());
    assertFalse(r.sequences());
    assertFalse(r.bidirectional());
    assertNull(r.initialState());
    assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(r.parameters().keySet()));
    assertEquals(5 * 24, r.parameters().get("weight_ih").length);
    // what is left is the classifier reading the layer's value
    List<NodeProto> rest = g.graph().getNodeList().stream().filter(n -> !r.nodes().contains(n)).toList();
    assertEquals(List.of("Gemm"), rest.stream().map(NodeProto::getOpType).toList());
    assertEquals(r.exit(), rest.get(0).getInput(0));
  }

  @Test
  void bidirectionalGruReturningStepsConcatenatesTheDirections() throws Exception {
    NodeIndex g = graph("bigru");
    RecurrentIdiom r = RecurrentIdiom.around(g, node(g, "GRU"));
    assertTrue(r.sequences());
    assertTrue(r.bidirectional());
    assertTrue(r.concat());
    assertTrue(r.parameters().containsKey("weight_ih_l0_reverse"));
    assertEquals("MatMul", g.consumers(r.exit()).get(0).getOpType());
  }

  @Test
  void lstmHasFourBiasesAndOneZeroStateForBoth() throws Exception {
    NodeIndex g = graph("text_lstm");
    RecurrentIdiom r = RecurrentIdiom.around(g, node(g, "LSTM"));
    assertEquals(List.of("weight_ih", "weight_hh", "bias_i", "bias_f", "bias_g", "bias_o"),
        List.copyOf(r.parameters().keySet()));
    assertNull(r.initialCell());
    assertEquals("Gather", g.producer(r.entry()).getOpType()); // the embedding
  }

  /** ONNX's default GRU (linear_before_reset = 0) is another cell: refused, naming the node. */
  @Test
  void gruWithoutLinearBeforeResetIsRefused() throws Exception {
    NodeIndex g = graph("gru");
    GraphProto.Builder b = g.graph().toBuilder();
    for (int i = 0; i < b.getNodeCount(); i++) {
      if (b.getNode(i).getOpType().equals("GRU")) {
        NodeProto.Builder n = b.getNode(i).toBuilder().clearAttribute().setName("enc");
        for (AttributeProto a : b.getNode(i).getAttributeList()) {
          n.addAttribute(a.getName().equals("linear_before_reset") ? a.toBuilder().setI(0).build() : a);
        }
        b.setNode(i, n);
      }
    }
    NodeIndex edited = new NodeIndex(b.build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecurrentIdiom.around(edited, node(edited, "GRU")));
    assertTrue(e.getMessage().startsWith("node enc (GRU): linear_before_reset = 0"), e.getMessage());
  }
}
