package dev.netc.onnx.testing;

import static dev.netc.onnx.core.Attributes.ofFloat;
import static dev.netc.onnx.core.Attributes.ofInt;
import static dev.netc.onnx.core.Attributes.ofInts;
import static dev.netc.onnx.testing.OnnxBuilder.in;
import static dev.netc.onnx.testing.OnnxBuilder.out;

import dev.netc.onnx.core.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * The malformed and unsupported ONNX files committed under {@code
 * src/test/resources/onnx/malformed/}, each with a piece of the error it must give. Run {@link
 * #main} from the module directory to write them again; {@code MalformedModelTest} checks the
 * committed files are these bytes.
 */
public final class MalformedModels {
  /** Where the files are committed, from the module directory. */
  public static final Path DIR = Path.of("src", "test", "resources", "onnx", "malformed");

  private MalformedModels() {}

  /** A file's bytes and a piece of the message importing it must give. */
  public record Case(byte[] bytes, String error) {}

  /** Every case, by file name. */
  public static Map<String, Case> cases() {
    Map<String, Case> c = new LinkedHashMap<>();
    byte[] mlp = mlp().toByteArray();
    c.put("truncated.onnx", new Case(Arrays.copyOf(mlp, mlp.length * 3 / 5), "not an ONNX model"));
    byte[] garbage = new byte[64];
    Arrays.fill(garbage, (byte) 0xFF);
    c.put("not-protobuf.onnx", new Case(garbage, "not an ONNX model"));
    c.put("opset-9.onnx", new Case(mlp().toBuilder().setOpsetImport(0, mlp().getOpsetImport(0).toBuilder()
        .setVersion(9)).build().toByteArray(), "opset 9 is not supported; netc imports opsets 11 to 17"));
    c.put("opset-18.onnx", new Case(mlp().toBuilder().setOpsetImport(0, mlp().getOpsetImport(0).toBuilder()
        .setVersion(18)).build().toByteArray(), "opset 18 is not supported"));
    c.put("ir-version-3.onnx", new Case(mlp().toBuilder().setIrVersion(3).build().toByteArray(),
        "IR version 3 is not supported"));
    c.put("unknown-op.onnx", new Case(new OnnxBuilder().input("x", 4).node("Hardmax", "/head/Hardmax", in("x"),
        out("y")).output("y", 4).build().toByteArray(),
        "node \"/head/Hardmax\" (Hardmax): netc cannot import op type Hardmax; supported op types: "));
    c.put("dynamic-reshape.onnx", new Case(dynamicReshape().toByteArray(),
        "node \"/Reshape\" (Reshape): its shape is computed at run time (a dynamic reshape)"));
    c.put("missing-initializer.onnx", new Case(new OnnxBuilder().input("x", 4).random("fc.bias", 3)
        .node("Gemm", "/fc/Gemm", in("x", "fc.weight", "fc.bias"), out("y"), ofInt("transB", 1)).output("y", 3).build()
        .toByteArray(), "node \"/fc/Gemm\" (Gemm): its weight (input 1, \"fc.weight\") is missing"));
    TensorProto external = Tensors.floats("W", new float[0], 3, 4).toBuilder().clearRawData()
        .setDataLocation(TensorProto.DataLocation.EXTERNAL).build();
    c.put("external-data.onnx", new Case(new OnnxBuilder().input("x", 4).initTensor(external)
        .node("Gemm", "fc", in("x", "W"), out("y"), ofInt("transB", 1)).output("y", 3).build().toByteArray(),
        "initializer \"W\" keeps its data in an external file"));
    c.put("foreign-domain.onnx", new Case(new OnnxBuilder().input("x", 4).node(NodeProto.newBuilder()
        .setOpType("FusedGemm").setName("fused").setDomain("com.microsoft").addInput("x").addOutput("y").build())
        .output("y", 4).build().toByteArray(), "node \"fused\" (FusedGemm): op domain com.microsoft is not supported"));
    c.put("dynamic-feature-dim.onnx", new Case(new OnnxBuilder().rawInput(symbolic("x", "features"))
        .node("Relu", "r", in("x"), out("y")).output("y", 4).build().toByteArray(),
        "input \"x\" has dim 1 = features; netc needs every dim after the batch fixed"));
    c.put("string-input.onnx", new Case(new OnnxBuilder().rawInput(OnnxBuilder.value("x",
        TensorProto.DataType.STRING_VALUE, 4)).node("Relu", "r", in("x"), out("y")).output("y", 4).build()
        .toByteArray(), "input \"x\" has element type STRING"));
    c.put("conv-asymmetric-pads.onnx", new Case(new OnnxBuilder().input("x", 1, 6, 6).random("W", 2, 1, 3, 3)
        .node("Conv", "/conv/Conv", in("x", "W"), out("y"), ofInts("pads", 0, 0, 2, 2)).output("y", 2, 6, 6).build()
        .toByteArray(), "node \"/conv/Conv\" (Conv): pads [0, 0, 2, 2] differ between the two sides of an axis"));
    c.put("batchnorm-training.onnx", new Case(new OnnxBuilder().input("x", 2, 3, 3).random("g", 2).random("b", 2)
        .random("m", 2).random("v", 2).node("BatchNormalization", "bn", in("x", "g", "b", "m", "v"), out("y"),
            ofInt("training_mode", 1)).output("y", 2, 3, 3).build().toByteArray(),
        "node \"bn\" (BatchNormalization): it is in training mode"));
    c.put("avgpool-exclude-pad.onnx", new Case(new OnnxBuilder().input("x", 1, 4, 4).node("AveragePool", "pool",
        in("x"), out("y"), ofInts("kernel_shape", 3, 3), ofInts("pads", 1, 1, 1, 1)).output("y", 1, 4, 4).build()
        .toByteArray(), "count_include_pad=0"));
    c.put("softmax-axis-1.onnx", new Case(new OnnxBuilder().input("x", 3, 5).node("Softmax", "sm", in("x"), out("y"),
        ofInt("axis", 1)).output("y", 3, 5).build().toByteArray(),
        "node \"sm\" (Softmax): axis 1 of a rank-3 value: netc's softmax normalizes over the last axis only"));
    c.put("output-not-computed.onnx", new Case(new OnnxBuilder().input("x", 4).node("Relu", "r", in("x"), out("h"))
        .output("y", 4).build().toByteArray(), "output \"y\" is not computed by any node"));
    c.put("add-constant.onnx", new Case(new OnnxBuilder().input("x", 4).random("c", 4)
        .node("Add", "shift", in("x", "c"), out("y")).output("y", 4).build().toByteArray(),
        "node \"shift\" (Add): input 1 (\"c\") is a constant"));
    c.put("scale-then-leaky.onnx", new Case(new OnnxBuilder().input("x", 4).init("two", new float[] {2f})
        .node("Div", "halve", in("x", "two"), out("h")).node("LeakyRelu", "lr", in("h"), out("y"), ofFloat("alpha", 0.1f))
        .output("y", 4).build().toByteArray(), "node \"halve\" (Div): netc maps Div only as part of GELU"));
    return c;
  }

  /** A valid two-layer perceptron, which the cases above break. */
  static ModelProto mlp() {
    return new OnnxBuilder().input("x", 8).random("fc1.weight", 16, 8).random("fc1.bias", 16)
        .random("fc2.weight", 4, 16).random("fc2.bias", 4)
        .node("Gemm", "/fc1/Gemm", in("x", "fc1.weight", "fc1.bias"), out("h"), ofInt("transB", 1))
        .node("Relu", "/relu/Relu", in("h"), out("r"))
        .node("Gemm", "/fc2/Gemm", in("r", "fc2.weight", "fc2.bias"), out("y"), ofInt("transB", 1))
        .output("y", 4).build();
  }

  /** x.reshape(x.shape[0] * 2, -1): the shape depends on the batch size. */
  private static ModelProto dynamicReshape() {
    return new OnnxBuilder().input("x", 6).initTensor(Tensors.longs("index", new long[] {0}))
        .initInts("axes", 0).initInts("two", 2).initInts("minus1", -1)
        .node("Shape", "/Shape", in("x"), out("s")).node("Gather", "/Gather", in("s", "index"), out("n"))
        .node("Unsqueeze", "/Unsqueeze", in("n", "axes"), out("n1")).node("Mul", "/Mul", in("n1", "two"), out("n2"))
        .node("Concat", "/Concat", in("n2", "minus1"), out("shape"), ofInt("axis", 0))
        .node("Reshape", "/Reshape", in("x", "shape"), out("y")).output("y", 3).build();
  }

  private static ValueInfoProto symbolic(String name, String param) {
    TensorShapeProto shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(param)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
  }

  /** Writes every case into {@link #DIR} (run from the module directory). */
  public static void main(String[] args) throws IOException {
    Files.createDirectories(DIR);
    for (Map.Entry<String, Case> e : cases().entrySet()) {
      Files.write(DIR.resolve(e.getKey()), e.getValue().bytes());
    }
  }
}
