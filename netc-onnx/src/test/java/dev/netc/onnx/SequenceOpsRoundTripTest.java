package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.ops.OpCatalogue;
import dev.netc.onnx.ops.OnnxOps;
import dev.netc.onnx.testing.Networks;
import dev.netc.onnx.testing.Ort;
import dev.netc.onnx.testing.Runs;
import dev.netc.runtime.GeneratedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The settings of the sequence, normalization, attention and shape ops that the samples do not
 * use: each network is exported, run by ONNX Runtime within 1e-5 of netc, and imported back to a
 * network whose outputs are bitwise netc's. Written to {@code -Dnetc.onnx.exportDir} too.
 */
class SequenceOpsRoundTripTest {
  private static final int BATCH = 4;

  private static final Map<String, String> NETWORKS = Map.ofEntries(
      Map.entry("ReversedRnnRelu", """
          input x: float[6, 3];
          rnn(5, activation: relu, reverse: true, sequences: true);
          """),
      Map.entry("BiLstmAdded", """
          input x: float[6, 3];
          lstm(4, bidirectional: true, merge: add);
          """),
      Map.entry("BiGruAddedSteps", """
          input x: float[6, 3];
          gru(4, bidirectional: true, merge: add, sequences: true);
          """),
      Map.entry("StackedGru", """
          input x: float[6, 3];
          gru(4, layers: 2, bidirectional: true, sequences: true);
          """),
      Map.entry("InitialStates", """
          input x: float[6, 3];
          input s: float[4];
          h0 = s -> dense(5, activation: tanh);
          c0 = s -> dense(5);
          y = x -> lstm(5, initial_state: h0, initial_cell: c0, sequences: true);
          g = x -> gru(5, initial_state: h0);
          output y, g;
          loss mse(y);
          loss mse(g);
          """),
      Map.entry("CausalAttention", """
          input x: float[5, 8];
          positional_embedding(kind: sinusoidal);
          multi_head_attention(2, key_dim: 3, causal: true);
          layernorm(eps: 0.001);
          """),
      Map.entry("ShapeOps", """
          input x: float[2, 4, 6];
          upsample([2, 3]);
          slice(axis: 1, from: 1, to: -2);
          mean(axis: 2, keep: true);
          max(axis: 0);
          """),
      Map.entry("TokenIds", """
          input ids: int[7];
          embedding(vocab: 4, dim: 5);
          positional_embedding(kind: learned);
          time_dense(3, activation: tanh);
          layernorm(axes: [0, 1]);
          """));

  @TestFactory
  Stream<DynamicTest> roundTrips() {
    return NETWORKS.keySet().stream().sorted().map(name -> DynamicTest.dynamicTest(name, () -> roundTrip(name)));
  }

  private static void roundTrip(String name) throws Exception {
    String text = source(name);
    Networks.Live live = Networks.fromText(name + ".net", text, name, 5);
    GeneratedModel model = live.model();
    Runs.perturb(model, 13);
    ModelProto onnx = OnnxExporter.export(live.graph(), model);
    String dir = System.getProperty("netc.onnx.exportDir");
    if (dir != null) {
      Files.createDirectories(Path.of(dir));
      OnnxFiles.write(onnx, Path.of(dir, name + ".onnx"));
    }
    List<float[]> inputs = Runs.inputs(model, BATCH, 17);
    List<float[]> expected = Runs.forward(model, inputs, BATCH);
    List<float[]> ort = Ort.run(onnx, inputs, Runs.inputShapes(model), BATCH);
    for (int i = 0; i < expected.size(); i++) {
      double diff = Runs.maxDiff(expected.get(i), ort.get(i));
      assertTrue(diff <= 1e-5, name + " output " + i + ": ONNX Runtime differs by " + diff);
    }
    ImportedNetwork imported = OnnxImporter.importModel(onnx, name);
    Networks.Live back = Networks.fromText(name + ".net", imported.netSource(), name, 1);
    assertEquals(model.parameterCount(), back.model().parameterCount(), imported.netSource());
    System.arraycopy(imported.params(), 0, back.model().parameters(), 0, imported.params().length);
    List<float[]> again = Runs.forward(back.model(), inputs, BATCH);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), again.get(i), 0f, name + " output " + i + " after netc -> ONNX -> netc:\n"
          + imported.netSource());
    }
  }

  private static String source(String name) {
    String body = NETWORKS.get(name);
    return "network " + name + " {\n" + body + (body.contains("loss ") ? "" : "  loss mse;\n") + "}\n";
  }

  /** Every op in netc's catalogue exports. */
  @Test
  void everyCatalogueOpHasAnOnnxMapping() {
    List<String> missing = OpCatalogue.all().keySet().stream().filter(op -> OnnxOps.forNetc(op) == null).toList();
    assertEquals(List.of(), missing);
  }

  /** A stack is exported as PyTorch writes num_layers (nodes chained time-major) and comes back as one layer. */
  @Test
  void stackedLayersComeBackAsOneLayer() throws Exception {
    String name = "StackedGru";
    Networks.Live live = Networks.fromText(name + ".net", source(name), name, 5);
    ModelProto onnx = OnnxExporter.export(live.graph(), live.model());
    assertEquals(2, onnx.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("GRU")).count());
    assertEquals(2, onnx.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Transpose")
        && n.getAttribute(0).getIntsList().equals(List.of(1L, 0L, 2L))).count(), "in and out only");
    String text = OnnxImporter.importModel(onnx, name).netSource();
    assertTrue(text.contains("gru(x, 4, sequences: true, layers: 2, bidirectional: true)"), text);
  }

  /** A causal mask comes back as causal: true, and the sinusoidal table as kind: sinusoidal. */
  @Test
  void causalMaskAndSinusoidalTableAreRecognized() throws Exception {
    String name = "CausalAttention";
    Networks.Live live = Networks.fromText(name + ".net", source(name), name, 5);
    ModelProto onnx = OnnxExporter.export(live.graph(), live.model());
    assertTrue(onnx.getGraph().getNodeList().stream().map(NodeProto::getOpType).anyMatch("Softmax"::equals));
    String text = OnnxImporter.importModel(onnx, name).netSource();
    assertTrue(text.contains("multi_head_attention(") && text.contains("key_dim: 3") && text.contains("causal: true"),
        text);
    assertTrue(text.contains("positional_embedding(x, kind: sinusoidal)"), text);
    assertTrue(text.contains("eps: 0.001"), text);
  }
}
