package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.onnx.ops.OnnxOps;
import dev.netc.onnx.testing.Networks;
import dev.netc.onnx.testing.Ort;
import dev.netc.onnx.testing.Runs;
import dev.netc.runtime.GeneratedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample network whose ops all export: ONNX Runtime runs the exported model within 1e-5 of
 * netc's own outputs, and importing the export back gives a network whose outputs are bitwise
 * equal to the original's. With {@code -Dnetc.onnx.exportDir=DIR} the exported files are also
 * written there, for {@code src/test/python/check_exports.py}.
 */
class SampleRoundTripTest {
  private static final int BATCH = 5;

  @TestFactory
  Stream<DynamicTest> samples() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path file : Networks.sampleFiles()) {
      for (Graph graph : Networks.checkSample(file)) {
        List<String> missing = graph.nodes().stream().filter(n -> !n.isInput())
            .map(Node::opName).filter(op -> OnnxOps.forNetc(op) == null).distinct().toList();
        if (!missing.isEmpty()) {
          skipped.add(graph.name() + " " + missing);
          continue;
        }
        tests.add(DynamicTest.dynamicTest(graph.name(), () -> roundTrip(file, graph.name())));
      }
    }
    // every op exports, so every sample must: a sample left out is a gap, not a skip
    assertTrue(skipped.isEmpty(), () -> "samples with ops that do not export: " + skipped);
    assertTrue(tests.size() >= 13, () -> "expected every sample network (13 or more), got " + tests.size());
    return tests.stream();
  }

  private static void roundTrip(Path file, String network) throws Exception {
    Networks.Live live = Networks.sample(file, network, 7);
    GeneratedModel model = live.model();
    Runs.perturb(model, 11);
    ModelProto onnx = OnnxExporter.export(live.graph(), model);
    String dir = System.getProperty("netc.onnx.exportDir");
    if (dir != null) {
      Files.createDirectories(Path.of(dir));
      OnnxFiles.write(onnx, Path.of(dir, network + ".onnx"));
    }
    List<float[]> inputs = Runs.inputs(model, BATCH, 3);
    List<float[]> expected = Runs.forward(model, inputs, BATCH);

    List<float[]> ort = Ort.run(onnx, inputs, Runs.inputShapes(model), BATCH);
    assertEquals(expected.size(), ort.size());
    for (int i = 0; i < expected.size(); i++) {
      double diff = Runs.maxDiff(expected.get(i), ort.get(i));
      assertTrue(diff <= 1e-5, network + " output " + i + ": ONNX Runtime differs by " + diff
          + " (largest output " + Runs.maxAbs(expected.get(i)) + ")");
    }
    // the batch dimension is dynamic: one example runs too
    List<float[]> first = Runs.inputs(model, 1, 3);
    List<float[]> one = Ort.run(onnx, first, Runs.inputShapes(model), 1);
    List<float[]> netcOne = Runs.forward(model, first, 1);
    for (int i = 0; i < one.size(); i++) {
      assertTrue(Runs.maxDiff(netcOne.get(i), one.get(i)) <= 1e-5, network + " output " + i + " at batch 1");
    }

    ImportedNetwork imported = OnnxImporter.importModel(onnx, network);
    Networks.Live back = Networks.fromText(network + ".net", imported.netSource(), network, 1);
    System.arraycopy(imported.params(), 0, back.model().parameters(), 0, imported.params().length);
    assertEquals(imported.params().length, back.model().parameterCount());
    List<float[]> again = Runs.forward(back.model(), inputs, BATCH);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), again.get(i), 0f, network + " output " + i + " after netc -> ONNX -> netc:\n"
          + imported.netSource());
    }
  }
}
