package dev.netc.onnx.ops;

import static dev.netc.onnx.core.Attributes.getInt;
import static dev.netc.onnx.core.Attributes.getInts;
import static dev.netc.onnx.core.Attributes.ofInt;
import static dev.netc.onnx.core.Attributes.ofInts;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code mean(axis, keep)} and {@code max(axis, keep)}, and {@code ReduceMean} / {@code ReduceMax}
 * over one axis after the batch ({@code axes} an attribute up to opset 17, an input from 18).
 * netc has no rank-0 values: reducing the only axis of a vector gives {@code [1]}, which export
 * writes with {@code keepdims = 1} so that ONNX's shape is the same.
 */
final class ReduceMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("mean", "max");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("ReduceMean", "ReduceMax");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int rank = cx.inputShape(node, 0).length;
    int axis = node.args().intArg("axis");
    axis = axis < 0 ? axis + rank : axis;
    boolean keep = node.args().boolArg("keep") || rank == 1;
    cx.add(node, node.opName().equals("mean") ? "ReduceMean" : "ReduceMax", cx.input(node, 0), cx.output(node),
        ofInts("axes", axis + 1), ofInt("keepdims", keep ? 1 : 0));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    int rank = x.onnxRank();
    long[] axes = getInts(node, "axes", null);
    if (axes == null && ImportContext.hasInput(node, 1)) {
      Constant c = cx.requireConstant(node, 1, "axes");
      axes = c.asLongs();
    }
    if (axes == null || axes.length != 1) {
      throw cx.refuse(node, "reduces over " + (axes == null ? "every axis" : "axes " + Arrays.toString(axes))
          + "; netc's " + netcName(node) + " reduces over one axis after the batch");
    }
    long axis = axes[0] < 0 ? axes[0] + rank : axes[0];
    if (axis < 1 || axis >= rank) {
      throw cx.refuse(node, "reduces over axis " + axes[0] + " of a rank-" + rank + " value; netc reduces over an"
          + " axis after the batch, per example");
    }
    boolean keep = getInt(node, "keepdims", 1) != 0;
    int[] in = x.onnxShape();
    int[] kept = in.clone();
    kept[(int) axis - 1] = 1;
    int[] onnx = keep ? kept : new int[in.length - 1];
    if (!keep) {
      for (int i = 0, j = 0; i < in.length; i++) {
        if (i != axis - 1) {
          onnx[j++] = in[i];
        }
      }
    }
    int[] netc = keep ? kept : onnx.length == 0 ? new int[] {1} : onnx;
    LayerBuilder layer = cx.layer(node, netcName(node)).input(cx.inputAsOnnx(node, 0))
        .arg("axis", Long.toString(axis - 1));
    if (keep) {
      layer.arg("keep", "true");
    }
    layer.emit(node.getOutput(0), netc, onnx);
  }

  private static String netcName(NodeProto node) {
    return node.getOpType().equals("ReduceMean") ? "mean" : "max";
  }
}
