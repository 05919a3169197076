package dev.netc.onnx.idioms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

/** Folding PyTorch-style shape arithmetic with the batch unknown. */
class ShapeArithmeticTest {
  private static final long U = ShapeArithmetic.UNKNOWN;

  private static TensorProto ints(String name, long... v) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
    for (long x : v) {
      t.addInt64Data(x);
    }
    return t.addDims(v.length).build();
  }

  private static NodeProto node(String op, String out, String... in) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).addOutput(out);
    for (String i : in) {
      n.addInput(i);
    }
    if (op.equals("Gather")) {
      n.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(0));
    }
    return n.build();
  }

  /** x is [batch, 6, 48]: [6, batch * 2, 48 / 3] folds to [6, unknown, 16]. */
  @Test
  void theBatchStaysUnknownThroughArithmeticAndTheRestFolds() {
    GraphProto g = GraphProto.newBuilder()
        .addInitializer(ints("zero", 0)).addInitializer(ints("one", 1)).addInitializer(ints("last", -1))
        .addInitializer(ints("two", 2)).addInitializer(ints("three", 3))
        .addNode(node("Shape", "s", "x"))
        .addNode(node("Gather", "batch", "s", "zero"))
        .addNode(node("Gather", "steps", "s", "one"))
        .addNode(node("Gather", "width", "s", "last"))
        .addNode(node("Mul", "rows", "batch", "two"))
        .addNode(node("Div", "third", "width", "three"))
        .addNode(node("Cast", "third_int", "third"))
        .addNode(node("Concat", "target", "steps", "rows", "third_int"))
        .addNode(node("Slice", "tail", "s", "one", "three"))
        .build();
    ShapeArithmetic folder = new ShapeArithmetic(new NodeIndex(g), v -> v.equals("x") ? new long[] {U, 6, 48} : null);
    assertArrayEquals(new long[] {6, U, 16}, folder.fold("target"));
    assertArrayEquals(new long[] {6, 48}, folder.fold("tail"));
    assertNull(new ShapeArithmetic(new NodeIndex(g), v -> null).fold("target"), "no shape for x, nothing folds");
  }
}
