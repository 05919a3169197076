package dev.netc.onnx.core;

import dev.netc.onnx.OnnxImportException;
import java.util.Map;
import onnx.Onnx.NodeProto;

/**
 * The inputs and outputs a node must have before any mapping reads it: every ONNX op writes at
 * least one output, and each op type netc reads has required inputs (ONNX's operator schemas,
 * opsets 11 to 17). A node short of them is refused here, naming it, rather than failing inside a
 * mapping that reads {@code getInput(1)}.
 */
public final class NodeArity {
  private NodeArity() {}

  /** Required inputs per op type; op types not listed need none (or are refused later as unknown). */
  private static final Map<String, Integer> REQUIRED_INPUTS = Map.ofEntries(
      Map.entry("Add", 2), Map.entry("Sub", 2), Map.entry("Mul", 2), Map.entry("Div", 2), Map.entry("Pow", 2),
      Map.entry("MatMul", 2), Map.entry("Gemm", 2), Map.entry("Conv", 2), Map.entry("ConvTranspose", 2),
      Map.entry("BatchNormalization", 5), Map.entry("LayerNormalization", 2), Map.entry("Gather", 2),
      Map.entry("Reshape", 2), Map.entry("Expand", 2), Map.entry("Tile", 2), Map.entry("Equal", 2),
      Map.entry("Where", 3), Map.entry("Slice", 3), Map.entry("Range", 3), Map.entry("Pad", 2),
      Map.entry("LSTM", 3), Map.entry("GRU", 3), Map.entry("RNN", 3),
      Map.entry("Relu", 1), Map.entry("LeakyRelu", 1), Map.entry("Elu", 1), Map.entry("Sigmoid", 1),
      Map.entry("Tanh", 1), Map.entry("Softplus", 1), Map.entry("Erf", 1), Map.entry("Sqrt", 1), Map.entry("Neg", 1),
      Map.entry("Softmax", 1), Map.entry("LogSoftmax", 1), Map.entry("MaxPool", 1), Map.entry("AveragePool", 1),
      Map.entry("GlobalAveragePool", 1), Map.entry("GlobalMaxPool", 1), Map.entry("Flatten", 1),
      Map.entry("Squeeze", 1), Map.entry("Unsqueeze", 1), Map.entry("Transpose", 1), Map.entry("Concat", 1),
      Map.entry("Sum", 1), Map.entry("Shape", 1), Map.entry("Cast", 1), Map.entry("ConstantOfShape", 1),
      Map.entry("Identity", 1), Map.entry("Dropout", 1), Map.entry("ReduceMean", 1), Map.entry("ReduceMax", 1),
      Map.entry("ReduceSum", 1), Map.entry("Resize", 1));

  /** Refuses {@code node} when it lacks an output or one of its op type's required inputs. */
  public static void check(NodeProto node) throws OnnxImportException {
    // an optional output may be left empty (a GRU whose Y_h alone is read), but not all of them
    if (node.getOutputList().stream().allMatch(String::isEmpty)) {
      throw new OnnxImportException(node.getName(), node.getOpType(), "the node has no output");
    }
    int required = REQUIRED_INPUTS.getOrDefault(node.getOpType(), 0);
    for (int i = 0; i < required; i++) {
      if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
        throw new OnnxImportException(node.getName(), node.getOpType(), node.getOpType() + " needs at least "
            + required + " input" + (required == 1 ? "" : "s") + "; this node has " + i
            + (i < node.getInputCount() ? " before an empty one" : ""));
      }
    }
  }
}
