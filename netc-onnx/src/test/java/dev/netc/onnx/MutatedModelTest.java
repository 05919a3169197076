package dev.netc.onnx;

import static dev.netc.onnx.core.Attributes.ofInt;
import static dev.netc.onnx.core.Attributes.ofInts;
import static dev.netc.onnx.testing.OnnxBuilder.in;
import static dev.netc.onnx.testing.OnnxBuilder.out;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.netc.onnx.testing.OnnxBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

/**
 * Randomly damaged models (attributes, dims, inputs, op types, bytes changed): an import either
 * succeeds or throws {@link OnnxImportException}; never another exception, which would be a crash
 * without a message naming the node.
 */
class MutatedModelTest {
  private static final int MUTANTS = 1000;

  private static ModelProto cnn() {
    return new OnnxBuilder().input("x", 2, 8, 8).random("W", 4, 2, 3, 3).random("b", 4).random("g", 4)
        .random("beta", 4).random("m", 4).init("v", new float[] {1, 1, 1, 1}, 4).random("fc", 5, 16).random("fcb", 5)
        .initInts("shape", 0, -1)
        .node("Conv", "/conv/Conv", in("x", "W", "b"), out("c"), ofInts("pads", 1, 1, 1, 1), ofInts("strides", 2, 2))
        .node("BatchNormalization", "/bn", in("c", "g", "beta", "m", "v"), out("n"))
        .node("Relu", "/relu", in("n"), out("r"))
        .node("MaxPool", "/pool", in("r"), out("p"), ofInts("kernel_shape", 2, 2), ofInts("strides", 2, 2))
        .node("Reshape", "/flat", in("p", "shape"), out("f"))
        .node("Gemm", "/fc", in("f", "fc", "fcb"), out("y"), ofInt("transB", 1))
        .output("y", 5).build();
  }

  @Test
  void damagedModelsFailWithAnImportErrorOrImport() throws Exception {
    ModelProto base = cnn();
    OnnxImporter.importModel(base, "Base");
    Random r = new Random(2024);
    int imported = 0;
    int refused = 0;
    List<String> crashes = new ArrayList<>();
    for (int i = 0; i < MUTANTS; i++) {
      ModelProto mutant;
      try {
        mutant = mutate(base, r);
      } catch (InvalidProtocolBufferException e) {
        refused++;
        continue;
      }
      try {
        OnnxImporter.importModel(mutant, "Mutant");
        imported++;
      } catch (OnnxImportException e) {
        refused++;
        assertTrue(!e.getMessage().contains("does not check in netc"), () -> "a mapping wrote a network netc"
            + " refuses: " + e.getMessage());
      } catch (RuntimeException e) {
        crashes.add(e + " at " + e.getStackTrace()[0] + "\n" + mutant.getGraph());
      }
    }
    assertTrue(crashes.isEmpty(), crashes.size() + " crashes, the first: " + (crashes.isEmpty() ? "" : crashes.get(0)));
    assertTrue(imported > 10 && refused > 100, "imported " + imported + ", refused " + refused);
  }

  private static ModelProto mutate(ModelProto base, Random r) throws InvalidProtocolBufferException {
    if (r.nextInt(10) == 0) {
      byte[] b = base.toByteArray();
      for (int k = 0; k < 3; k++) {
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      }
      return ModelProto.parseFrom(b);
    }
    GraphProto.Builder g = base.getGraph().toBuilder();
    int kind = r.nextInt(6);
    int n = r.nextInt(g.getNodeCount());
    NodeProto.Builder node = g.getNodeBuilder(n);
    switch (kind) {
      case 0 -> { // an attribute's value changed
        if (node.getAttributeCount() > 0) {
          AttributeProto.Builder a = node.getAttributeBuilder(r.nextInt(node.getAttributeCount()));
          if (a.getIntsCount() > 0) {
            a.setInts(r.nextInt(a.getIntsCount()), r.nextInt(7) - 2);
          } else {
            a.setI(r.nextInt(7) - 2);
          }
        } else {
          node.addAttribute(ofInt("axis", r.nextInt(5) - 2));
        }
      }
      case 1 -> { // an input renamed, dropped or added
        int which = r.nextInt(3);
        if (which == 0 && node.getInputCount() > 0) {
          node.setInput(r.nextInt(node.getInputCount()), List.of("x", "W", "b", "c", "zzz", "").get(r.nextInt(6)));
        } else if (which == 1 && node.getInputCount() > 0) {
          List<String> ins = new ArrayList<>(node.getInputList());
          ins.remove(r.nextInt(ins.size()));
          node.clearInput().addAllInput(ins);
        } else {
          node.addInput(List.of("x", "W", "shape").get(r.nextInt(3)));
        }
      }
      case 2 -> node.setOpType(List.of("Relu", "Conv", "Gemm", "MatMul", "Add", "Flatten", "Reshape", "Concat",
          "Softmax", "AveragePool", "GlobalAveragePool", "Pad", "Squeeze", "Dropout").get(r.nextInt(14)));
      case 3 -> { // an initializer's dims changed
        int t = r.nextInt(g.getInitializerCount());
        TensorProto.Builder init = g.getInitializerBuilder(t);
        if (init.getDimsCount() > 0) {
          init.setDims(r.nextInt(init.getDimsCount()), r.nextInt(6) - 1);
        }
      }
      case 4 -> { // the input's shape changed
        var dims = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        int d = 1 + r.nextInt(dims.getDimCount() - 1);
        dims.getDimBuilder(d).setDimValue(r.nextInt(12) - 1);
      }
      default -> g.removeNode(n);
    }
    return base.toBuilder().setGraph(g).build();
  }
}
