package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code softmax} / {@code log_softmax} and {@code Softmax} / {@code LogSoftmax}: netc normalizes
 * over the last axis, which is ONNX's {@code axis=-1} (the default from opset 13; before, the
 * default axis 1 on a 2-d input); another axis is refused.
 */
final class SoftmaxMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("softmax", "log_softmax");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Softmax", "LogSoftmax");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    cx.add(node, node.opName().equals("softmax") ? "Softmax" : "LogSoftmax", cx.input(node, 0), cx.output(node),
        Attributes.ofInt("axis", -1));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    int rank = x.onnxRank();
    // before opset 13 the default axis was 1 and the input was flattened to 2-d there: the same
    // as the last axis exactly when that is axis 1 or the last one
    long axis = Attributes.getInt(node, "axis", cx.opset() < 13 ? 1 : -1);
    if (axis != -1 && axis != rank - 1) {
      throw cx.refuse(node, "axis " + axis + " of a rank-" + rank + " value: netc's "
          + (node.getOpType().equals("Softmax") ? "softmax" : "log_softmax") + " normalizes over the last axis only");
    }
    String op = node.getOpType().equals("Softmax") ? "softmax" : "log_softmax";
    cx.layer(node, op).input(cx.inputAsOnnx(node, 0)).emit(node.getOutput(0), x.onnxShape());
  }
}
