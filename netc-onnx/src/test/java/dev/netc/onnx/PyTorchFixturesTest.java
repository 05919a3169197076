package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.onnx.testing.Networks;
import dev.netc.onnx.testing.Runs;
import java.util.List;
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

  /** The models the fixtures must cover (the list, plus a plain RNN, a bidirectional GRU, a 2-layer LSTM, a causal
   * pre-norm encoder layer). */
  private static final List<String> EXPECTED = List.of("bigru", "causal_transformer", "cnn_bn", "gru", "lstm", "mlp", "residual", "rnn",
      "stacked_lstm", "text_lstm", "transformer", "upsample");

  @Test
  void everyFixtureIsThere() {
    assertEquals(EXPECTED, PyTorchFixture.names().toList());
  }

  @TestFactory
  Stream<DynamicTest> importedModelsReproducePyTorch() {
    return PyTorchFixture.names().map(name -> DynamicTest.dynamicTest(name, () -> check(PyTorchFixture.load(name))));
  }

  private static void check(PyTorchFixture f) throws Exception {
    String network = "Torch" + Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1).replace("_", "");
    ImportedNetwork imported = OnnxImporter.importFile(f.model(), network);
    Networks.Live live = Networks.fromText(network + ".net", imported.netSource(), network, 1);
    float[] params = live.model().parameters();
    assertEquals(params.length, imported.params().length, f.name() + ": parameter count");
    System.arraycopy(imported.params(), 0, params, 0, params.length);
    int batch = f.output().batch();
    List<float[]> inputs = f.inputs().stream().map(PyTorchFixture.Tensor::values).toList();
    float[] actual = Runs.forward(live.model(), inputs, batch).get(0);
    float[] expected = f.output().values();
    double diff = Runs.maxDiff(expected, actual);
    System.out.printf("%s (torch %s): max |netc - PyTorch| = %.2e over %d outputs%n", f.name(), f.torch(), diff,
        expected.length);
    assertTrue(diff <= TOLERANCE, f.name() + ": netc differs from PyTorch by " + diff + "\n" + imported.netSource());
    if (f.name().startsWith("causal")) {
      assertTrue(imported.netSource().contains("causal: true"), "the -inf mask is causal:\n" + imported.netSource());
    }
  }
}
