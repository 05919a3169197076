package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code global_avgpool} / {@code global_maxpool} and {@code GlobalAveragePool} /
 * {@code GlobalMaxPool}. netc gives {@code [C]}, ONNX {@code [C, 1, 1]} (per example): export adds
 * a {@code Flatten}, import keeps netc's {@code [C]} and records ONNX's shape, so a Flatten after
 * it costs nothing and a layer that needs the spatial axes gets a reshape view.
 */
final class GlobalPoolMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("global_avgpool", "global_maxpool");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("GlobalAveragePool", "GlobalMaxPool");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    String pooled = cx.temp(node, "pooled");
    cx.add(node, node.opName().equals("global_avgpool") ? "GlobalAveragePool" : "GlobalMaxPool",
        cx.input(node, 0), pooled);
    cx.add(node, "Flatten", pooled, cx.output(node), Attributes.ofInt("axis", 1));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    if (x.onnxShape().length < 2) {
      throw cx.refuse(node, "input \"" + node.getInput(0) + "\" has per-example shape " + DenseMapping.shape(x)
          + "; a global pool needs [channels, spatial...]");
    }
    int c = x.onnxShape()[0];
    int[] onnxShape = new int[x.onnxShape().length];
    Arrays.fill(onnxShape, 1);
    onnxShape[0] = c;
    String op = node.getOpType().equals("GlobalAveragePool") ? "global_avgpool" : "global_maxpool";
    cx.layer(node, op).input(cx.inputAsOnnx(node, 0)).emit(node.getOutput(0), new int[] {c}, onnxShape);
  }
}
