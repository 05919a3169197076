package dev.netc.onnx.testing;

import dev.netc.onnx.core.Tensors;
import java.util.Arrays;
import java.util.Random;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Small ONNX models written by hand for tests: {@code new OnnxBuilder().input("x", 4).init("W",
 * random(3, 4), 3, 4).node("Gemm", "fc", in("x", "W"), out("y"), Attributes.ofInt("transB",
 * 1)).output("y", 3).build()}. Inputs and outputs get a symbolic batch dim first.
 */
public final class OnnxBuilder {
  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
  private long opset = 17;
  private long irVersion = 8;
  private final Random random = new Random(5);

  public OnnxBuilder opset(long v) {
    opset = v;
    return this;
  }

  public OnnxBuilder irVersion(long v) {
    irVersion = v;
    return this;
  }

  /** A float input {@code [batch, dims...]}. */
  public OnnxBuilder input(String name, int... dims) {
    graph.addInput(value(name, TensorProto.DataType.FLOAT_VALUE, dims));
    return this;
  }

  /** An input of any element type and shape (dims as given, no batch added). */
  public OnnxBuilder rawInput(ValueInfoProto v) {
    graph.addInput(v);
    return this;
  }

  public OnnxBuilder output(String name, int... dims) {
    graph.addOutput(value(name, TensorProto.DataType.FLOAT_VALUE, dims));
    return this;
  }

  public OnnxBuilder init(String name, float[] values, long... dims) {
    graph.addInitializer(Tensors.floats(name, values, dims));
    return this;
  }

  public OnnxBuilder initInts(String name, long... values) {
    graph.addInitializer(Tensors.longs(name, values, values.length));
    return this;
  }

  public OnnxBuilder initTensor(TensorProto t) {
    graph.addInitializer(t);
    return this;
  }

  /** A float initializer of {@code dims} with values uniform in [-0.5, 0.5). */
  public OnnxBuilder random(String name, long... dims) {
    float[] v = new float[(int) Arrays.stream(dims).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat() - 0.5f;
    }
    return init(name, v, dims);
  }

  public OnnxBuilder node(String opType, String name, String[] inputs, String[] outputs, AttributeProto... attrs) {
    graph.addNode(NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(Arrays.asList(inputs))
        .addAllOutput(Arrays.asList(outputs)).addAllAttribute(Arrays.asList(attrs)));
    return this;
  }

  public OnnxBuilder node(NodeProto n) {
    graph.addNode(n);
    return this;
  }

  public static String[] in(String... names) {
    return names;
  }

  public static String[] out(String... names) {
    return names;
  }

  public ModelProto build() {
    return ModelProto.newBuilder().setIrVersion(irVersion).setProducerName("netc tests")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
  }

  /** A tensor value {@code [batch, dims...]} of element type {@code type}. */
  public static ValueInfoProto value(String name, int type, int... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    for (int d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
  }
}
