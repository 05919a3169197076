package dev.netc.onnx;

import static dev.netc.onnx.core.Attributes.ofFloat;
import static dev.netc.onnx.core.Attributes.ofInt;
import static dev.netc.onnx.core.Attributes.ofInts;
import static dev.netc.onnx.core.Attributes.ofString;
import static dev.netc.onnx.testing.OnnxBuilder.in;
import static dev.netc.onnx.testing.OnnxBuilder.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.onnx.core.Tensors;
import dev.netc.onnx.testing.Networks;
import dev.netc.onnx.testing.OnnxBuilder;
import dev.netc.onnx.testing.Ort;
import dev.netc.onnx.testing.Runs;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One small hand-written ONNX model per mapping and attribute combination: the imported network,
 * compiled by netc, computes what ONNX Runtime computes on the same model (within 1e-5), and the
 * {@code .net} text uses the layer the mapping promises.
 */
class ImportAgainstOrtTest {
  private static final int BATCH = 3;

  /** A model, the per-example input shape, and a text the .net must contain. */
  private record Case(Supplier<ModelProto> model, int[] input, String expect) {}

  private static Map<String, Case> cases() {
    return Map.ofEntries(
        Map.entry("gemm transB + bias + relu", new Case(() -> new OnnxBuilder().input("x", 6).random("W", 4, 6)
            .random("b", 4).node("Gemm", "/fc/Gemm", in("x", "W", "b"), out("h"), ofInt("transB", 1))
            .node("Relu", "/act/Relu", in("h"), out("y")).output("y", 4).build(), new int[] {6},
            "fc = dense(x, 4, activation: relu);")),
        Map.entry("gemm alpha beta", new Case(() -> new OnnxBuilder().input("x", 5).random("W", 5, 3).random("b", 3)
            .node("Gemm", "g", in("x", "W", "b"), out("y"), ofFloat("alpha", 0.5f), ofFloat("beta", 2f))
            .output("y", 3).build(), new int[] {5}, "dense(x, 3)")),
        Map.entry("matmul + add (bias first) + sigmoid", new Case(() -> new OnnxBuilder().input("x", 4).random("W", 4, 2)
            .random("b", 2).node("MatMul", "mm", in("x", "W"), out("m")).node("Add", "add", in("b", "m"), out("a"))
            .node("Sigmoid", "s", in("a"), out("y")).output("y", 2).build(), new int[] {4},
            "mm = dense(x, 2, activation: sigmoid);")),
        Map.entry("matmul without bias", new Case(() -> new OnnxBuilder().input("x", 4).random("W", 4, 3)
            .node("MatMul", "mm", in("x", "W"), out("y")).output("y", 3).build(), new int[] {4}, "bias: false")),
        Map.entry("conv groups dilation stride pads + leaky relu", new Case(() -> new OnnxBuilder().input("x", 4, 9, 9)
            .random("W", 6, 2, 3, 3).random("b", 6).node("Conv", "c", in("x", "W", "b"), out("h"), ofInt("group", 2),
                ofInts("strides", 2, 1), ofInts("pads", 1, 2, 1, 2), ofInts("dilations", 2, 1))
            .node("LeakyRelu", "lr", in("h"), out("y"), ofFloat("alpha", 0.2f)).output("y", 6, 4, 11).build(),
            new int[] {4, 9, 9}, "leaky_relu(c, alpha: 0.2)")),
        Map.entry("conv same upper stride 2", new Case(() -> new OnnxBuilder().input("x", 2, 8, 7).random("W", 3, 2, 3, 3)
            .node("Conv", "c", in("x", "W"), out("y"), ofString("auto_pad", "SAME_UPPER"), ofInts("strides", 2, 2))
            .output("y", 3, 4, 4).build(), new int[] {2, 8, 7}, "padding: same")),
        Map.entry("conv asymmetric pads as same", new Case(() -> new OnnxBuilder().input("x", 1, 6, 6).random("W", 2, 1, 2, 2)
            .node("Conv", "c", in("x", "W"), out("y"), ofInts("pads", 0, 0, 1, 1)).output("y", 2, 6, 6).build(),
            new int[] {1, 6, 6}, "padding: same")),
        Map.entry("conv1d + tanh", new Case(() -> new OnnxBuilder().input("x", 3, 10).random("W", 4, 3, 3).random("b", 4)
            .node("Conv", "c", in("x", "W", "b"), out("h"), ofInts("pads", 1, 1))
            .node("Tanh", "t", in("h"), out("y")).output("y", 4, 10).build(), new int[] {3, 10},
            "conv1d(x, 4, kernel: 3, padding: [1], activation: tanh)")),
        Map.entry("conv transpose", new Case(() -> new OnnxBuilder().input("x", 3, 4, 5).random("W", 3, 2, 3, 3).random("b", 2)
            .node("ConvTranspose", "ct", in("x", "W", "b"), out("y"), ofInts("strides", 2, 2), ofInts("pads", 1, 1, 1, 1),
                ofInts("output_padding", 1, 1)).output("y", 2, 8, 10).build(), new int[] {3, 4, 5},
            "conv_transpose2d(x, 2, kernel: 3, stride: 2, padding: 1, output_padding: 1)")),
        Map.entry("batch norm", new Case(() -> new OnnxBuilder().input("x", 3, 4, 4).random("g", 3).random("b", 3)
            .random("m", 3).init("v", new float[] {0.5f, 1.5f, 2f}, 3)
            .node("BatchNormalization", "bn", in("x", "g", "b", "m", "v"), out("y"), ofFloat("epsilon", 1e-3f))
            .output("y", 3, 4, 4).build(), new int[] {3, 4, 4}, "batchnorm(x, eps: 0.001)")),
        Map.entry("max pool padded", new Case(() -> new OnnxBuilder().input("x", 2, 7, 7)
            .node("MaxPool", "p", in("x"), out("y"), ofInts("kernel_shape", 3, 3), ofInts("strides", 2, 2),
                ofInts("pads", 1, 1, 1, 1)).output("y", 2, 4, 4).build(), new int[] {2, 7, 7},
            "maxpool(x, 3, stride: 2, padding: [1, 1])")),
        Map.entry("average pool counting padding", new Case(() -> new OnnxBuilder().input("x", 2, 6, 6)
            .node("AveragePool", "p", in("x"), out("y"), ofInts("kernel_shape", 2, 2), ofInts("pads", 1, 1, 1, 1),
                ofInt("count_include_pad", 1)).output("y", 2, 7, 7).build(), new int[] {2, 6, 6},
            "avgpool(x, 2, stride: 1, padding: [1, 1])")),
        Map.entry("global pool + flatten + gemm", new Case(() -> new OnnxBuilder().input("x", 4, 3, 3).random("W", 2, 4)
            .node("GlobalAveragePool", "gap", in("x"), out("g")).node("Flatten", "f", in("g"), out("fl"))
            .node("Gemm", "fc", in("fl", "W"), out("y"), ofInt("transB", 1)).output("y", 2).build(),
            new int[] {4, 3, 3}, "gap = global_avgpool(x);")),
        Map.entry("global max pool kept 4-d", new Case(() -> new OnnxBuilder().input("x", 4, 3, 3)
            .node("GlobalMaxPool", "gmp", in("x"), out("y")).output("y", 4, 1, 1).build(), new int[] {4, 3, 3},
            "reshape(gmp, [4, 1, 1])")),
        Map.entry("pytorch flatten subgraph", new Case(() -> new OnnxBuilder().input("x", 2, 3, 3).random("W", 5, 18)
            .initTensor(Tensors.longs("index", new long[] {0})).initInts("zero", 0).initInts("minus1", -1)
            .node("Shape", "shape", in("x"), out("s")).node("Gather", "gather", in("s", "index"), out("n"), ofInt("axis", 0))
            .node("Unsqueeze", "unsq", in("n", "zero"), out("n1")).node("Concat", "cat", in("n1", "minus1"), out("shp"),
                ofInt("axis", 0))
            .node("Reshape", "flat", in("x", "shp"), out("f")).node("Gemm", "fc", in("f", "W"), out("y"), ofInt("transB", 1))
            .output("y", 5).build(), new int[] {2, 3, 3}, "flat = flatten(x);")),
        Map.entry("gelu as pytorch writes it", new Case(() -> geluModel(true), new int[] {6}, "gelu(x)")),
        Map.entry("gelu scaled by 1/sqrt2", new Case(() -> geluModel(false), new int[] {6}, "gelu(x)")),
        Map.entry("gemm + gelu and conv + silu fused", new Case(() -> new OnnxBuilder().input("x", 2, 4, 4)
            .random("W", 3, 2, 3, 3).random("fc", 5, 12).init("c", new float[] {(float) Math.sqrt(2)})
            .init("one", new float[] {1f}).init("half", new float[] {0.5f}).initInts("shape", 0, -1)
            .node("Conv", "conv", in("x", "W"), out("h")).node("Sigmoid", "sg", in("h"), out("s"))
            .node("Mul", "swish", in("s", "h"), out("a")).node("Reshape", "flat", in("a", "shape"), out("f"))
            .node("Gemm", "fc", in("f", "fc"), out("g"), ofInt("transB", 1))
            .node("Div", "d", in("g", "c"), out("q")).node("Erf", "e", in("q"), out("r"))
            .node("Add", "p", in("r", "one"), out("t")).node("Mul", "m", in("g", "t"), out("u"))
            .node("Mul", "half", in("u", "half"), out("y")).output("y", 5).build(), new int[] {2, 4, 4},
            "conv = conv2d(x, 3, kernel: 3, activation: silu, bias: false);")),
        Map.entry("silu", new Case(() -> new OnnxBuilder().input("x", 5).node("Sigmoid", "s", in("x"), out("sg"))
            .node("Mul", "m", in("x", "sg"), out("y")).output("y", 5).build(), new int[] {5}, "silu(x)")),
        Map.entry("softmax and log softmax", new Case(() -> new OnnxBuilder().input("x", 2, 5)
            .node("Softmax", "sm", in("x"), out("a"), ofInt("axis", -1)).node("LogSoftmax", "lsm", in("a"), out("y"),
                ofInt("axis", 2)).output("y", 2, 5).build(), new int[] {2, 5}, "log_softmax(sm)")),
        Map.entry("elu softplus", new Case(() -> new OnnxBuilder().input("x", 4).node("Elu", "e", in("x"), out("a"),
            ofFloat("alpha", 0.5f)).node("Softplus", "sp", in("a"), out("y")).output("y", 4).build(), new int[] {4},
            "elu(x, alpha: 0.5)")),
        Map.entry("residual add, sub, mul, sum", new Case(() -> new OnnxBuilder().input("x", 2, 4, 4)
            .random("W", 2, 2, 3, 3).node("Conv", "c", in("x", "W"), out("h"), ofInts("pads", 1, 1, 1, 1))
            .node("Add", "res", in("h", "x"), out("a")).node("Sub", "d", in("a", "x"), out("s"))
            .node("Mul", "m", in("s", "h"), out("p")).node("Sum", "sum", in("p", "a", "x"), out("y"))
            .output("y", 2, 4, 4).build(), new int[] {2, 4, 4}, "sum = add(m, res, x);")),
        Map.entry("per-channel scale", new Case(() -> new OnnxBuilder().input("x", 3, 2, 2)
            .node("GlobalAveragePool", "gap", in("x"), out("g")).node("Sigmoid", "s", in("g"), out("gate"))
            .node("Mul", "scale", in("x", "gate"), out("y")).output("y", 3, 2, 2).build(), new int[] {3, 2, 2},
            "scale = mul(x, s);")),
        Map.entry("squeeze-excitation gate used twice", new Case(() -> new OnnxBuilder().input("x", 4, 3, 3)
            .random("W1", 2, 4, 1, 1).random("W2", 4, 2, 1, 1)
            .node("GlobalAveragePool", "gap", in("x"), out("g")).node("Conv", "squeeze", in("g", "W1"), out("s1"))
            .node("Relu", "r", in("s1"), out("s2")).node("Conv", "excite", in("s2", "W2"), out("s3"))
            .node("Sigmoid", "gate", in("s3"), out("w")).node("Mul", "once", in("x", "w"), out("a"))
            .node("Mul", "twice", in("w", "a"), out("b")).node("Add", "sum", in("a", "b"), out("y"))
            .output("y", 4, 3, 3).build(), new int[] {4, 3, 3}, "twice = mul(excite_per_channel, once);")),
        Map.entry("concat branches", new Case(() -> new OnnxBuilder().input("x", 2, 3, 3).random("W1", 1, 2, 1, 1)
            .random("W2", 3, 2, 1, 1).node("Conv", "a", in("x", "W1"), out("a")).node("Conv", "b", in("x", "W2"), out("b"))
            .node("Concat", "cat", in("a", "b"), out("y"), ofInt("axis", 1)).output("y", 4, 3, 3).build(),
            new int[] {2, 3, 3}, "cat = concat(a, b);")),
        Map.entry("pad of nothing, then zeros into an average pool", new Case(() -> new OnnxBuilder().input("x", 2, 5, 5)
            .initInts("none", 0, 0, 0, 0, 0, 0, 0, 0).initInts("pads", 0, 0, 0, 0, 0, 0, 1, 1)
            .node("Pad", "nothing", in("x", "none"), out("a")).node("Pad", "pad", in("a", "pads"), out("p"))
            .node("AveragePool", "pool", in("p"), out("y"), ofInts("kernel_shape", 2, 2), ofInts("strides", 2, 2))
            .output("y", 2, 3, 3).build(), new int[] {2, 5, 5}, "pool = avgpool(x, 2, padding: same);")),
        Map.entry("fixed batch of one, reshaped by number", new Case(() -> fixedBatchModel(), new int[] {2, 3},
            "flat = flatten(x);")),
        Map.entry("dropout identity squeeze unsqueeze", new Case(() -> new OnnxBuilder().input("x", 6).initInts("ax", 1)
            .node("Dropout", "drop", in("x"), out("d")).node("Identity", "id", in("d"), out("i"))
            .node("Unsqueeze", "u", in("i", "ax"), out("u")).node("Relu", "r", in("u"), out("r"))
            .node("Squeeze", "sq", in("r", "ax"), out("y")).output("y", 6).build(), new int[] {6}, "u = reshape(x, [1, 6]);")));
  }

  /** Exported without a dynamic batch axis: the input is [1, 2, 3] and the reshape says [1, 6]. */
  private static ModelProto fixedBatchModel() {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : new long[] {1, 2, 3}) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    ValueInfoProto x = ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    return new OnnxBuilder().rawInput(x).initInts("shape", 1, 6).random("W", 6, 2)
        .node("Reshape", "flat", in("x", "shape"), out("f")).node("MatMul", "mm", in("f", "W"), out("y"))
        .output("y", 2).build();
  }

  private static ModelProto geluModel(boolean div) {
    OnnxBuilder b = new OnnxBuilder().input("x", 6)
        .init("c", new float[] {div ? (float) Math.sqrt(2) : (float) (1 / Math.sqrt(2))})
        .init("one", new float[] {1f}).init("half", new float[] {0.5f});
    return b.node(div ? "Div" : "Mul", "scale", in("x", "c"), out("s")).node("Erf", "erf", in("s"), out("e"))
        .node("Add", "plus", in("e", "one"), out("p")).node("Mul", "times", in("x", "p"), out("t"))
        .node("Mul", "halve", in("t", "half"), out("y")).output("y", 6).build();
  }

  @TestFactory
  Stream<DynamicTest> importedNetworksComputeWhatOnnxRuntimeComputes() {
    return cases().entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(e.getKey(),
        () -> check(e.getValue())));
  }

  private static void check(Case c) throws Exception {
    ModelProto model = c.model().get();
    ImportedNetwork imported = OnnxImporter.importModel(model, "Imported");
    assertTrue(imported.netSource().contains(c.expect()), () -> "expected `" + c.expect() + "` in\n" + imported.netSource());
    Networks.Live live = Networks.fromText("Imported.net", imported.netSource(), "Imported", 1);
    assertEquals(imported.params().length, live.model().parameterCount());
    System.arraycopy(imported.params(), 0, live.model().parameters(), 0, imported.params().length);
    TensorShapeProto.Dimension first = model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0);
    int batch = first.hasDimValue() ? (int) first.getDimValue() : BATCH;
    List<float[]> inputs = Runs.inputs(live.model(), batch, 9);
    float[] netc = Runs.forward(live.model(), inputs, batch).get(0);
    float[] ort = Ort.run(model, inputs, List.of(c.input()), batch).get(0);
    double diff = Runs.maxDiff(netc, ort);
    assertTrue(diff <= 1e-5, () -> "netc differs from ONNX Runtime by " + diff + "\n" + imported.netSource());
  }
}
