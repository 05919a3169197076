package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.onnx.testing.Networks;
import dev.netc.onnx.testing.Runs;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Models exported from PyTorch 1.13 ({@code src/test/python/make_pytorch_fixtures.py}): each is
 * imported as a {@code .net} network with its weights, compiled by netc, and run on PyTorch's
 * inputs; netc's outputs must be within 1e-4 of PyTorch's.
 */
class PyTorchFixturesTest {
  private static final double TOLERANCE = 1e-4;

  /**
   * The models the fixtures must cover: the list, plus a plain RNN, bidirectional GRUs, a
   * 2-layer LSTM, an LSTM's h_n, a causal pre-norm encoder layer and an upsample.
   */
  private static final List<String> EXPECTED = List.of("bigru", "bigru_last", "causal_transformer", "cnn_bn", "gru",
      "lstm", "lstm_hn", "mlp", "residual", "rnn", "stacked_lstm", "text_lstm", "transformer", "upsample");

  @Test
  void everyFixtureIsThere() {
    assertEquals(EXPECTED, PyTorchFixture.names().toList());
  }

  @TestFactory
  Stream<DynamicTest> importedModelsReproducePyTorch() {
    return PyTorchFixture.names().map(name -> DynamicTest.dynamicTest(name, () -> check(PyTorchFixture.load(name))));
  }

  /**
   * The GRU fixture rewritten to ONNX's batch-major {@code layout = 1} (no Transposes; Y is {@code
   * [batch, T, 1, H]}, squeezed on axis 2): the same layer, so PyTorch's outputs still hold.
   */
  @Test
  void batchMajorLayoutIsTheSameLayer() throws Exception {
    PyTorchFixture f = PyTorchFixture.load("gru");
    GraphProto g = OnnxFiles.read(f.model()).getGraph();
    GraphProto.Builder b = g.toBuilder().clearNode().addInitializer(TensorProto.newBuilder().setName("axis_2")
        .setDataType(TensorProto.DataType.INT64_VALUE).addDims(1).addInt64Data(2));
    for (NodeProto n : g.getNodeList()) {
      NodeProto.Builder e = n.toBuilder();
      switch (n.getOpType()) {
        case "Transpose" -> {
          continue;  // both: x is read batch-major, and Y comes out batch-major
        }
        case "GRU" -> e.setInput(0, "x").addAttribute(AttributeProto.newBuilder().setName("layout")
            .setType(AttributeProto.AttributeType.INT).setI(1));
        case "Squeeze" -> e.setInput(1, "axis_2");
        case "Gather" -> e.setInput(0, n.getInput(0).equals("/rnn/Transpose_1_output_0")
            ? "/rnn/Squeeze_output_0" : n.getInput(0));
        default -> { }
      }
      b.addNode(e);
    }
    ModelProto model = OnnxFiles.read(f.model()).toBuilder().setGraph(b).build();
    ImportedNetwork imported = OnnxImporter.importModel(model, "BatchMajorGru");
    assertTrue(imported.netSource().contains("gru(x, 8)"), imported.netSource());
    assertTrue(run(f, imported, "BatchMajorGru") <= TOLERANCE);
  }

  private static void check(PyTorchFixture f) throws Exception {
    String network = "Torch" + Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1).replace("_", "");
    ImportedNetwork imported = OnnxImporter.importFile(f.model(), network);
    double diff = run(f, imported, network);
    System.out.printf("%s (torch %s): max |netc - PyTorch| = %.2e over %d outputs%n", f.name(), f.torch(), diff,
        f.output().values().length);
    assertTrue(diff <= TOLERANCE, f.name() + ": netc differs from PyTorch by " + diff + "\n" + imported.netSource());
    if (f.name().startsWith("causal")) {
      assertTrue(imported.netSource().contains("causal: true"), "the -inf mask is causal:\n" + imported.netSource());
    }
  }

  /** Compiles the imported network, runs it on the fixture's inputs, and gives the largest difference from PyTorch. */
  private static double run(PyTorchFixture f, ImportedNetwork imported, String network) {
    Networks.Live live = Networks.fromText(network + ".net", imported.netSource(), network, 1);
    float[] params = live.model().parameters();
    assertEquals(params.length, imported.params().length, f.name() + ": parameter count");
    System.arraycopy(imported.params(), 0, params, 0, params.length);
    List<float[]> inputs = f.inputs().stream().map(PyTorchFixture.Tensor::values).toList();
    float[] actual = Runs.forward(live.model(), inputs, f.output().batch()).get(0);
    return Runs.maxDiff(f.output().values(), actual);
  }
}
