package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.Window;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;

/**
 * {@code conv1d} / {@code conv2d} and {@code Conv} (strides, pads, dilations, groups). Both are
 * channels-first. netc keeps the weight {@code [C, kh, kw, F/g]} (each kernel tap's row contiguous
 * over filters), ONNX {@code [F, C/g, kh, kw]}: seen as {@code [g, C/g, kh, kw, F/g]} and {@code
 * [g, F/g, C/g, kh, kw]} they are the same tensor with the filter axis moved, which is the
 * conversion each way. A following activation is taken in on import, as for dense.
 */
final class ConvMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("conv1d", "conv2d");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Conv");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    Window w = node.op().convolution(node.input().shape(), node.args());
    int groups = node.op().convolutionGroups(node.args());
    int f = node.shape().dim(0);
    float[] onnxWeight = toOnnx(cx.param(node, "weight"), groups, w.c(), w.kh() * w.kw(), f);
    long[] dims = w.dims() == 1 ? new long[] {f, w.c() / groups, w.kw()} : new long[] {f, w.c() / groups, w.kh(), w.kw()};
    List<String> inputs = new ArrayList<>(List.of(cx.input(node, 0), cx.initializer(node.name() + ".weight", onnxWeight, dims)));
    if (cx.hasParam(node, "bias")) {
      inputs.add(cx.initializer(node.name() + ".bias", cx.param(node, "bias"), f));
    }
    List<AttributeProto> attrs = new ArrayList<>(Arrays.asList(WindowAttributes.export(w, true)));
    attrs.add(Attributes.ofInt("group", groups));
    String activation = node.args().enumArg("activation");
    boolean linear = activation.equals("linear");
    String result = linear ? cx.output(node) : cx.temp(node, "linear");
    cx.add(node, "Conv", inputs, List.of(result), attrs.toArray(AttributeProto[]::new));
    if (!linear) {
      ActivationMapping.emit(cx, node, activation, Double.NaN, result, cx.output(node));
    }
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    int rank = x.onnxShape().length;
    if (rank != 2 && rank != 3) {
      throw cx.refuse(node, "input \"" + node.getInput(0) + "\" has per-example shape " + DenseMapping.shape(x)
          + "; netc convolves [channels, length] (conv1d) or [channels, height, width] (conv2d)");
    }
    int c = x.onnxShape()[0];
    int groups = (int) Attributes.getInt(node, "group", 1);
    Constant wc = cx.requireConstant(node, 1, "weight");
    if (wc.rank() != rank + 1 || wc.isInteger() || groups < 1 || wc.dims()[1] * groups != c) {
      throw cx.refuse(node, "its weight " + wc.describe() + " does not fit " + c + " input channels in " + groups
          + " group(s); expected [filters, " + (groups < 1 ? "?" : c / Math.max(1, groups)) + ", kernel...]");
    }
    int f = (int) wc.dims()[0];
    long[] k = Arrays.copyOfRange(wc.dims(), 2, wc.rank());
    long[] declared = Attributes.getInts(node, "kernel_shape", k);
    if (!Arrays.equals(declared, k)) {
      throw cx.refuse(node, "kernel_shape " + Arrays.toString(declared) + " differs from the weight's " + Arrays.toString(k));
    }
    int[] spatial = Arrays.copyOfRange(x.onnxShape(), 1, rank);
    WindowAttributes.Imported win = WindowAttributes.read(cx, node, spatial, k);
    int taps = (int) (rank == 2 ? k[0] : k[0] * k[1]);
    float[] weight = fromOnnx(wc.floats(), groups, c, taps, f);
    LayerBuilder layer = cx.layer(node, rank == 2 ? "conv1d" : "conv2d").input(cx.inputAsOnnx(node, 0))
        .arg(Integer.toString(f)).arg("kernel", win.kernel());
    if (!win.stride().equals("1")) {
      layer.arg("stride", win.stride());
    }
    if (win.padding() != null) {
      layer.arg("padding", win.padding());
    }
    if (!win.dilation().equals("1")) {
      layer.arg("dilation", win.dilation());
    }
    if (groups != 1) {
      layer.arg("groups", Integer.toString(groups));
    }
    String output = node.getOutput(0);
    ActivationMapping.Fused act = ActivationMapping.fusable(cx, output);
    if (act != null) {
      output = act.applyTo(layer);
    }
    float[] bias = null;
    if (ImportContext.hasInput(node, 2)) {
      bias = cx.weights(node, 2, "bias", f);
    } else {
      layer.arg("bias", "false");
    }
    layer.param("weight", weight);
    if (bias != null) {
      layer.param("bias", bias);
    }
    int[] out = new int[rank];
    out[0] = f;
    System.arraycopy(win.spatialOut(), 0, out, 1, rank - 1);
    layer.emit(output, out);
  }

  /** netc {@code [g, C/g, taps, F/g]} to ONNX {@code [g, F/g, C/g, taps]}. */
  static float[] toOnnx(float[] netc, int groups, int c, int taps, int f) {
    int cg = c / groups;
    int fg = f / groups;
    float[] onnx = new float[netc.length];
    for (int g = 0; g < groups; g++) {
      for (int ci = 0; ci < cg; ci++) {
        for (int t = 0; t < taps; t++) {
          for (int fo = 0; fo < fg; fo++) {
            onnx[(((g * fg + fo) * cg + ci) * taps) + t] = netc[(((g * cg + ci) * taps + t) * fg) + fo];
          }
        }
      }
    }
    return onnx;
  }

  /** ONNX {@code [g, F/g, C/g, taps]} to netc {@code [g, C/g, taps, F/g]}. */
  static float[] fromOnnx(float[] onnx, int groups, int c, int taps, int f) {
    int cg = c / groups;
    int fg = f / groups;
    float[] netc = new float[onnx.length];
    for (int g = 0; g < groups; g++) {
      for (int ci = 0; ci < cg; ci++) {
        for (int t = 0; t < taps; t++) {
          for (int fo = 0; fo < fg; fo++) {
            netc[(((g * cg + ci) * taps + t) * fg) + fo] = onnx[(((g * fg + fo) * cg + ci) * taps) + t];
          }
        }
      }
    }
    return netc;
  }
}
