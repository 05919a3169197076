package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netc.onnx.core.ConstantFolder;
import dev.netc.onnx.ops.OnnxOps;
import dev.netc.onnx.testing.Networks;
import dev.netc.onnx.testing.Runs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.ValueInfoProto;
import org.junit.jupiter.api.Test;

/**
 * ONNX's own backend node tests (Debian's {@code libonnx-testdata}: one model per op and attribute
 * combination, with inputs and expected outputs) for every op type the importer maps. Weights
 * arrive there as graph inputs: every input but the first becomes an initializer with the test's
 * values. Each test either imports and then computes the expected outputs (within 1e-4, the
 * tolerance ONNX's own runner uses), or is refused with an {@link OnnxImportException}; a wrong
 * result or any other exception fails. Skipped, with a message, where the package is not installed.
 */
class NodeConformanceTest {
  private static final Path NODE_TESTS = Path.of("/usr/share/libonnx-testdata/data/node");
  private static final double TOLERANCE = 1e-4;

  @Test
  void onnxNodeTestsOfTheMappedOps() throws Exception {
    assumeTrue(Files.isDirectory(NODE_TESTS), "ONNX's node tests are not installed (apt-get install"
        + " libonnx-testdata); conformance not measured");
    List<String> passed = new ArrayList<>();
    Map<String, String> refused = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(NODE_TESTS)) {
      for (Path dir : dirs.sorted().toList()) {
        ModelProto model = read(dir.resolve("model.onnx"));
        if (model == null || !mapped(model.getGraph()) || !Files.isDirectory(dir.resolve("test_data_set_0"))) {
          continue;
        }
        String name = dir.getFileName().toString();
        try {
          String result = run(model, dir.resolve("test_data_set_0"));
          if (result == null) {
            passed.add(name);
          } else {
            wrong.add(name + ": " + result);
          }
        } catch (OnnxImportException e) {
          refused.put(name, e.getMessage().lines().limit(2).toList().toString());
        } catch (RuntimeException e) {
          wrong.add(name + ": " + e);
        }
      }
    }
    System.out.println("ONNX node tests of the mapped ops: " + passed.size() + " pass, " + refused.size()
        + " refused, " + wrong.size() + " wrong");
    refused.forEach((k, v) -> System.out.println("  refused " + k + ": " + v));
    assertTrue(wrong.isEmpty(), "wrong results or crashes: " + wrong);
    assertTrue(passed.size() > 50, "passed " + passed);
  }

  /** Whether every node's op type is one the importer maps or folds. */
  private static boolean mapped(GraphProto g) {
    return g.getNodeCount() > 0 && g.getNodeList().stream().map(NodeProto::getOpType)
        .allMatch(t -> OnnxOps.forOnnx(t) != null || ConstantFolder.FOLDABLE.contains(t) && !t.equals("Shape"));
  }

  /** Whether every node merges values (its inputs are the network's, not weights). */
  private static boolean merge(GraphProto g) {
    return g.getNodeList().stream().allMatch(n -> List.of("Add", "Sub", "Mul", "Sum", "Concat").contains(n.getOpType()));
  }

  /** Null when netc computes the expected outputs, else what differs. */
  private static String run(ModelProto model, Path data) throws Exception {
    List<TensorProto> inputs = new ArrayList<>();
    for (int i = 0; Files.exists(data.resolve("input_" + i + ".pb")); i++) {
      inputs.add(tensor(data.resolve("input_" + i + ".pb")));
    }
    GraphProto.Builder g = model.getGraph().toBuilder().clearInput();
    List<ValueInfoProto> declared = model.getGraph().getInputList().stream()
        .filter(v -> model.getGraph().getInitializerList().stream().noneMatch(t -> t.getName().equals(v.getName())))
        .toList();
    // a merge's operands are all network values; any other op's inputs after the first are weights
    int values = merge(model.getGraph()) ? declared.size() : Math.min(1, declared.size());
    for (int i = 0; i < declared.size(); i++) {
      if (i < values) {
        g.addInput(declared.get(i));
      } else if (i < inputs.size()) {
        g.addInitializer(inputs.get(i).toBuilder().setName(declared.get(i).getName()));
      }
    }
    ModelProto weightsInside = model.toBuilder().setGraph(g).build();
    ImportedNetwork imported = OnnxImporter.importModel(weightsInside, "Conformance");
    Networks.Live live = Networks.fromText("Conformance.net", imported.netSource(), "Conformance", 1);
    System.arraycopy(imported.params(), 0, live.model().parameters(), 0, imported.params().length);
    int batch = (int) inputs.get(0).getDims(0);
    List<float[]> in = new ArrayList<>();
    for (int i = 0; i < values; i++) {
      in.add(dev.netc.onnx.core.Tensors.toFloats(inputs.get(i)));
    }
    List<float[]> got = Runs.forward(live.model(), in, batch);
    for (int i = 0; i < got.size(); i++) {
      float[] expected = dev.netc.onnx.core.Tensors.toFloats(tensor(data.resolve("output_" + i + ".pb")));
      if (expected.length != got.get(i).length) {
        return "output " + i + " has " + got.get(i).length + " values, expected " + expected.length;
      }
      double diff = Runs.maxDiff(expected, got.get(i));
      if (!(diff <= TOLERANCE * Math.max(1, Runs.maxAbs(expected)))) {
        return "output " + i + " differs by " + diff + "\n" + imported.netSource();
      }
    }
    return null;
  }

  private static ModelProto read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return ModelProto.parseFrom(in);
    } catch (Exception e) {
      return null;
    }
  }

  private static TensorProto tensor(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return TensorProto.parseFrom(in);
    }
  }
}
