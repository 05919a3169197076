package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
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
import onnx.Onnx.NodeProto;

/**
 * {@code conv_transpose2d} and {@code ConvTranspose}: the weight is {@code [C, F, kh, kw]} in
 * both (PyTorch's layout), padding takes rows and columns off both sides of the output and
 * output_padding adds them at the bottom and right, as ONNX's {@code pads} and {@code
 * output_padding} do. netc has no groups or dilation here; ONNX's {@code output_shape} is refused
 * (export with explicit padding instead).
 */
final class ConvTransposeMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("conv_transpose2d");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("ConvTranspose");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int c = cx.inputShape(node, 0)[0];
    int f = node.shape().dim(0);
    long[] k = pair(node.args().intListArg("kernel"));
    long[] s = pair(node.args().intListArg("stride"));
    long[] p = pair(node.args().intListArg("padding"));
    long[] op = pair(node.args().intListArg("output_padding"));
    List<String> inputs = new ArrayList<>(List.of(cx.input(node, 0),
        cx.initializer(node.name() + ".weight", cx.param(node, "weight"), c, f, k[0], k[1])));
    if (cx.hasParam(node, "bias")) {
      inputs.add(cx.initializer(node.name() + ".bias", cx.param(node, "bias"), f));
    }
    String activation = node.args().enumArg("activation");
    boolean linear = activation.equals("linear");
    String result = linear ? cx.output(node) : cx.temp(node, "linear");
    cx.add(node, "ConvTranspose", inputs, List.of(result), Attributes.ofInts("kernel_shape", k),
        Attributes.ofInts("strides", s), Attributes.ofInts("pads", p[0], p[1], p[0], p[1]),
        Attributes.ofInts("output_padding", op));
    if (!linear) {
      ActivationMapping.emit(cx, node, activation, Double.NaN, result, cx.output(node));
    }
  }

  private static long[] pair(int[] v) {
    return v.length == 1 ? new long[] {v[0], v[0]} : new long[] {v[0], v[1]};
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    if (x.onnxShape().length != 3) {
      throw cx.refuse(node, "input \"" + node.getInput(0) + "\" has per-example shape " + DenseMapping.shape(x)
          + "; netc's conv_transpose2d reads [channels, height, width]");
    }
    if (Attributes.getInt(node, "group", 1) != 1) {
      throw cx.refuse(node, "group " + Attributes.getInt(node, "group", 1) + ": netc's conv_transpose2d has no groups");
    }
    if (Attributes.has(node, "output_shape")) {
      throw cx.refuse(node, "output_shape is not supported; export with explicit pads and output_padding");
    }
    String autoPad = Attributes.getString(node, "auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
      throw cx.refuse(node, "auto_pad " + autoPad + " is not supported; export with explicit pads");
    }
    int c = x.onnxShape()[0];
    Constant w = cx.requireConstant(node, 1, "weight");
    if (w.rank() != 4 || w.isInteger() || w.dims()[0] != c) {
      throw cx.refuse(node, "its weight " + w.describe() + " does not fit " + c + " input channels; expected [" + c
          + ", filters, kh, kw]");
    }
    int f = (int) w.dims()[1];
    long[] k = {w.dims()[2], w.dims()[3]};
    long[] s = Attributes.getInts(node, "strides", new long[] {1, 1});
    long[] d = Attributes.getInts(node, "dilations", new long[] {1, 1});
    long[] pads = Attributes.getInts(node, "pads", new long[4]);
    long[] op = Attributes.getInts(node, "output_padding", new long[] {0, 0});
    if (s.length != 2 || d.length != 2 || pads.length != 4 || op.length != 2) {
      throw cx.refuse(node, "expected 2 strides, dilations and output_padding values and 4 pads");
    }
    if (d[0] != 1 || d[1] != 1) {
      throw cx.refuse(node, "dilations " + Arrays.toString(d) + ": netc's conv_transpose2d has no dilation");
    }
    if (pads[0] != pads[2] || pads[1] != pads[3]) {
      throw cx.refuse(node, "pads " + Arrays.toString(pads) + " differ between the sides of an axis; netc takes"
          + " the same number of rows (columns) off both");
    }
    int[] out = new int[3];
    out[0] = f;
    for (int a = 0; a < 2; a++) {
      out[a + 1] = (int) ((x.onnxShape()[a + 1] - 1L) * s[a] - 2 * pads[a] + k[a] + op[a]);
    }
    LayerBuilder layer = cx.layer(node, "conv_transpose2d").input(cx.inputAsOnnx(node, 0))
        .arg(Integer.toString(f)).arg("kernel", WindowAttributes.text(k));
    if (s[0] != 1 || s[1] != 1) {
      layer.arg("stride", WindowAttributes.text(s));
    }
    if (pads[0] != 0 || pads[1] != 0) {
      layer.arg("padding", WindowAttributes.text(new long[] {pads[0], pads[1]}));
    }
    if (op[0] != 0 || op[1] != 0) {
      layer.arg("output_padding", WindowAttributes.text(op));
    }
    String output = node.getOutput(0);
    ActivationMapping.Fused act = ActivationMapping.fusable(cx, output);
    if (act != null) {
      output = act.applyTo(layer);
    }
    layer.param("weight", w.floats().clone());
    if (ImportContext.hasInput(node, 2)) {
      layer.param("bias", cx.weights(node, 2, "bias", f));
    } else {
      layer.arg("bias", "false");
    }
    layer.emit(output, out);
  }
}
