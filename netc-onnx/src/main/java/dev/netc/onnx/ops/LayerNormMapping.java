package dev.netc.onnx.ops;

import static dev.netc.onnx.core.Attributes.getFloat;
import static dev.netc.onnx.core.Attributes.getInt;
import static dev.netc.onnx.core.Attributes.ofFloat;
import static dev.netc.onnx.core.Attributes.ofInt;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import onnx.Onnx.NodeProto;

/**
 * {@code layernorm(axes, eps)} and {@code LayerNormalization} (opset 17): netc normalizes over the
 * trailing axes, which is ONNX's {@code axis} (the first normalized axis, batch counted) with
 * {@code gamma} and {@code beta} shaped as the normalized axes. netc's default {@code eps: 1e-5}
 * is also PyTorch's; another is written as the float ONNX holds.
 */
final class LayerNormMapping implements OnnxOp {
  private static final float DEFAULT_EPS = 1e-5f;

  @Override
  public List<String> netcOps() {
    return List.of("layernorm");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("LayerNormalization");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int[] in = cx.inputShape(node, 0);
    int[] axes = node.args().intListArg("axes");
    int count = axes.length == 0 ? 1 : (int) Arrays.stream(axes).distinct().count();
    long[] dims = new long[count];
    for (int i = 0; i < count; i++) {
      dims[i] = in[in.length - count + i];
    }
    String gamma = cx.initializer(node.name() + ".gamma", cx.param(node, "gamma"), dims);
    String beta = cx.initializer(node.name() + ".beta", cx.param(node, "beta"), dims);
    cx.add(node, "LayerNormalization", List.of(cx.input(node, 0), gamma, beta), List.of(cx.output(node)),
        ofInt("axis", -count), ofFloat("epsilon", (float) node.args().floatArg("eps")));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    int rank = x.onnxRank();
    long axis = getInt(node, "axis", -1);
    axis = axis < 0 ? axis + rank : axis;
    if (axis < 1 || axis >= rank) {
      throw cx.refuse(node, "normalizes from axis " + getInt(node, "axis", -1) + " of a rank-" + rank + " value;"
          + " netc's layernorm normalizes each example over trailing axes after the batch");
    }
    if (node.getOutputCount() > 1 && node.getOutputList().stream().skip(1).anyMatch(o -> !o.isEmpty()
        && !cx.consumers(o).isEmpty())) {
      throw cx.refuse(node, "its mean or inverse standard deviation output is read; netc's layernorm gives the"
          + " normalized value only");
    }
    int[] shape = x.onnxShape();
    long[] normalized = new long[rank - (int) axis];
    int n = 1;
    for (int i = 0; i < normalized.length; i++) {
      normalized[i] = shape[(int) axis - 1 + i];
      n *= (int) normalized[i];
    }
    float[] gamma = cx.weights(node, 1, "scale", normalized);
    float[] beta = ImportContext.hasInput(node, 2) ? cx.weights(node, 2, "bias", normalized) : new float[n];
    LayerBuilder layer = cx.layer(node, "layernorm").input(cx.inputAsOnnx(node, 0));
    if (normalized.length > 1) {
      StringJoiner axes = new StringJoiner(", ", "[", "]");
      for (int i = (int) axis - 1; i < shape.length; i++) {
        axes.add(Integer.toString(i));
      }
      layer.arg("axes", axes.toString());
    }
    float eps = getFloat(node, "epsilon", DEFAULT_EPS);
    if (eps != DEFAULT_EPS) {
      layer.arg("eps", Float.toString(eps));
    }
    layer.param("gamma", gamma).param("beta", beta).emit(node.getOutput(0), shape);
  }
}
