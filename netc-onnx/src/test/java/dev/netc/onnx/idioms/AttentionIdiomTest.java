package dev.netc.onnx.idioms;

import dev.netc.onnx.OnnxFiles;
import dev.netc.onnx.PyTorchFixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

class AttentionIdiomTest {

  /** PyTorch's nn.TransformerEncoderLayer(16, 2 heads, batch_first): the whole self_attn block is one layer. */
  @Test
  void pytorchEncoderLayerAttentionFusesIntoOneLayer() throws Exception {
    PyTorchFixture f = PyTorchFixture.load("transformer");
    NodeIndex g = new NodeIndex(OnnxFiles.read(f.model()).getGraph());
    NodeProto softmax = g.graph().getNodeList().stream().filter(n -> n.getOpType().equals("Softmax"))
        .findFirst().orElseThrow();
    long u = ShapeArithmetic.UNKNOWN;
    AttentionIdiom a = AttentionIdiom.around(g, softmax, v -> v.equals("x") ? new long[] {u, 6, 16} : null);

    assertEquals("x", a.entry());
    assertEquals(2, a.heads());
    assertEquals(8, a.keyDim());
    assertFalse(a.causal());
    // the exit is what the residual Add reads besides x
    NodeProto residual = g.consumers(a.exit()).get(0);
    assertEquals("Add", residual.getOpType());
    assertTrue(residual.getInputList().contains("x"));
    // every node of the self_attn block, and nothing of the rest of the layer
    Set<String> names = a.nodes().stream().map(NodeProto::getName).collect(Collectors.toSet());
    long attention = g.graph().getNodeList().stream().filter(n -> n.getName().startsWith("/layer/self_attn/")).count();
    assertEquals(attention, names.stream().filter(n -> n.startsWith("/layer/self_attn/")).count());
    assertTrue(names.stream().allMatch(n -> n.startsWith("/layer/self_attn/") || n.startsWith("Constant_")
        || n.isEmpty()), names.toString());
    assertEquals(16 * 16, a.parameters().get("query_weight").length);
    assertEquals(16 * 16, a.parameters().get("output_weight").length);
    // the three projections are the in-projection's three column blocks, in order q, k, v
    NodeProto inProjection = g.graph().getNodeList().stream()
        .filter(n -> n.getName().equals("/layer/self_attn/MatMul")).findFirst().orElseThrow();
    float[] packed = g.floats(inProjection.getInput(1));
    for (int r = 0; r < 16; r++) {
      for (int c = 0; c < 16; c++) {
        assertEquals(packed[r * 48 + c], a.parameters().get("query_weight")[r * 16 + c]);
        assertEquals(packed[r * 48 + 16 + c], a.parameters().get("key_weight")[r * 16 + c]);
        assertEquals(packed[r * 48 + 32 + c], a.parameters().get("value_weight")[r * 16 + c]);
      }
    }
    assertArrayEquals(g.floats("layer.self_attn.out_proj.bias"), a.parameters().get("output_bias"));
  }
}
