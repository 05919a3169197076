package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.testing.Networks;
import dev.netc.onnx.testing.Ort;
import dev.netc.onnx.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

/**
 * Networks that between them use every op the feed-forward mappings export, with every argument
 * that changes the ONNX they write: ONNX Runtime computes netc's outputs within 1e-5, and
 * importing the export gives bitwise-equal outputs. Written to {@code -Dnetc.onnx.exportDir} too.
 */
class EveryOpExportTest {
  private static final int BATCH = 4;

  /** Image ops: convolutions of every kind, pools, batch norm, merges and concat, global pools. */
  static final String IMAGES = """
      network Images {
        input image: float[2, 12, 12];
        a = conv2d(6, kernel: [3, 5], stride: [1, 2], padding: same, dilation: [2, 1], activation: gelu);
        b = batchnorm(a, eps: 0.001) -> leaky_relu(alpha: 0.2);
        c = conv2d(b, 6, kernel: 3, padding: [1, 1], groups: 3, bias: false, activation: silu);
        d = add(b, c, a) -> maxpool(size: 3, stride: 2, padding: same);
        e = avgpool(d, size: 2, stride: 1, padding: [1, 1]) -> elu(alpha: 0.5);
        f = conv_transpose2d(e, 4, kernel: 3, stride: 2, padding: 1, output_padding: 1, activation: tanh);
        g = global_avgpool(f);
        h = global_maxpool(f) -> relu;
        gate = sigmoid(g);
        scaled = mul(f, gate);
        diff = sub(g, h) -> softplus;
        i = global_avgpool(scaled);
        j = concat(diff, i, g);
        k = dense(j, 8, activation: elu) -> dropout(0.3);
        out = dense(k, 5) -> log_softmax;
        loss mse;
      }
      """;

  /** Sequences of feature vectors: conv1d, 1d pools, reshapes, concat on a later axis, softmax. */
  static final String SEQUENCES = """
      network Sequences {
        input signal: float[3, 16];
        a = conv1d(4, kernel: 3, stride: 2, padding: same, activation: relu);
        b = maxpool(a, size: 2) -> tanh;
        c = avgpool(a, size: 2, padding: [1]);
        c2 = conv1d(c, 4, kernel: 2, dilation: 2, groups: 2) -> gelu;
        j = concat(b, c2, axis: 1) -> reshape([2, 14]) -> softmax;
        flat = flatten(j);
        sig = dense(flat, 6, bias: false, activation: sigmoid) -> silu;
        out = dense(sig, 3, activation: gelu);
        loss mse;
      }
      """;

  @Test
  void everyExportableOpIsCovered() {
    Set<String> used = new TreeSet<>();
    for (String text : List.of(IMAGES, SEQUENCES)) {
      Networks.check("n.net", text).forEach(g -> g.nodes().stream().filter(n -> !n.isInput()).map(Node::opName)
          .forEach(used::add));
    }
    Set<String> feedForward = new TreeSet<>(dev.netc.onnx.ops.OnnxOps.exportableOps());
    feedForward.removeAll(used);
    assertTrue(feedForward.stream().allMatch(SEQUENCE_OPS::contains), "ops exported but not covered: " + feedForward);
  }

  /** Ops whose export SequenceOpsRoundTripTest and SampleRoundTripTest cover (mapped alongside the recurrent layers). */
  private static final Set<String> SEQUENCE_OPS = Set.of("embedding", "rnn", "lstm", "gru", "time_dense",
      "layernorm", "multi_head_attention", "positional_embedding", "slice", "mean", "max", "upsample");

  @Test
  void images() throws Exception {
    roundTrip(IMAGES, "Images");
  }

  @Test
  void sequences() throws Exception {
    roundTrip(SEQUENCES, "Sequences");
  }

  private static void roundTrip(String text, String network) throws Exception {
    Networks.Live live = Networks.fromText(network + ".net", text, network, 21);
    Runs.perturb(live.model(), 22);
    ModelProto onnx = OnnxExporter.export(live.graph(), live.model());
    String dir = System.getProperty("netc.onnx.exportDir");
    if (dir != null) {
      Files.createDirectories(Path.of(dir));
      OnnxFiles.write(onnx, Path.of(dir, network + ".onnx"));
    }
    assertTrue(onnx.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Dropout")),
        "dropout is gone: " + onnx.getGraph().getNodeList().stream().map(NodeProto::getOpType)
            .collect(Collectors.joining(", ")));
    List<float[]> inputs = Runs.inputs(live.model(), BATCH, 23);
    float[] expected = Runs.forward(live.model(), inputs, BATCH).get(0);
    float[] ort = Ort.run(onnx, inputs, Runs.inputShapes(live.model()), BATCH).get(0);
    double diff = Runs.maxDiff(expected, ort);
    assertTrue(diff <= 1e-5, network + ": ONNX Runtime differs by " + diff);

    ImportedNetwork imported = OnnxImporter.importModel(onnx, network);
    Networks.Live back = Networks.fromText(network + ".net", imported.netSource(), network, 1);
    assertEquals(imported.params().length, back.model().parameterCount());
    System.arraycopy(imported.params(), 0, back.model().parameters(), 0, imported.params().length);
    assertArrayEquals(expected, Runs.forward(back.model(), inputs, BATCH).get(0), 0f, imported.netSource());
  }
}
