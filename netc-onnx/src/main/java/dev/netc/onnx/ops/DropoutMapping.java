package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.OnnxOp;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code dropout} and ONNX's {@code Dropout} and {@code Identity}: nothing at inference. Export
 * writes no node (the layer's value is its input's), except an {@code Identity} when the dropout
 * is an output of the network; import drops both, unless a Dropout's {@code training_mode} is a
 * constant true.
 */
final class DropoutMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("dropout");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Dropout", "Identity");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    if (cx.isOutput(node)) {
      cx.add(node, "Identity", cx.input(node, 0), cx.output(node));
    } else {
      cx.alias(node, cx.input(node, 0));
    }
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    if (node.getOpType().equals("Dropout") && ImportContext.hasInput(node, 2)) {
      Constant training = cx.constant(node.getInput(2));
      if (training == null || training.get(0) != 0) {
        throw cx.refuse(node, "its training_mode is true or computed at run time; export the model in eval mode");
      }
    }
    if (node.getOpType().equals("Dropout") && node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()
        && (!cx.consumers(node.getOutput(1)).isEmpty() || cx.isGraphOutput(node.getOutput(1)))) {
      throw cx.refuse(node, "its mask output is used (read by another node or a graph output); netc drops dropout"
          + " at inference");
    }
    cx.bind(node.getOutput(0), cx.input(node, 0));
  }
}
