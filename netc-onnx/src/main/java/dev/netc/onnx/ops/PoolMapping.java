package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.Window;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
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
 * {@code maxpool} / {@code avgpool} and {@code MaxPool} / {@code AveragePool} over {@code [C, L]} or
 * {@code [C, H, W]}. netc's average divides by the whole window, padding included, which is
 * ONNX's {@code count_include_pad=1}; an AveragePool that leaves padding out of the count is
 * refused when it pads. {@code ceil_mode}, dilated max pools and the MaxPool indices output have
 * no netc equivalent.
 */
final class PoolMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("maxpool", "avgpool");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("MaxPool", "AveragePool");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    Window w = window(node);
    boolean max = node.opName().equals("maxpool");
    List<AttributeProto> attrs = new ArrayList<>(Arrays.asList(WindowAttributes.export(w, false)));
    if (!max) {
      attrs.add(Attributes.ofInt("count_include_pad", 1));
    }
    cx.add(node, max ? "MaxPool" : "AveragePool", List.of(cx.input(node, 0)), List.of(cx.output(node)),
        attrs.toArray(AttributeProto[]::new));
  }

  /**
   * The pool's window: pools report none through {@code Op.convolution}, so it is the one of a
   * convolution with the pool's size, stride and padding (whose geometry is the same).
   */
  private static Window window(Node node) {
    int[] size = node.args().intListArg("size");
    int[] stride = node.args().intListArg("stride");
    return PoolWindow.of(node.input().shape(), size, stride.length == 0 ? size : stride, node.args().value("padding"));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    boolean max = node.getOpType().equals("MaxPool");
    Value x = cx.input(node, 0);
    int rank = x.onnxShape().length;
    if (rank != 2 && rank != 3) {
      throw cx.refuse(node, "input \"" + node.getInput(0) + "\" has per-example shape " + DenseMapping.shape(x)
          + "; netc pools [channels, length] or [channels, height, width]");
    }
    if (Attributes.getInt(node, "ceil_mode", 0) != 0) {
      throw cx.refuse(node, "ceil_mode=1 is not supported: netc's pools round the output size down");
    }
    if (max && (Attributes.getInt(node, "storage_order", 0) != 0 || node.getOutputCount() > 1
        && !node.getOutput(1).isEmpty())) {
      throw cx.refuse(node, "the indices output is not supported");
    }
    long[] k = Attributes.getInts(node, "kernel_shape", null);
    if (k == null || k.length != rank - 1) {
      throw cx.refuse(node, "kernel_shape must give " + (rank - 1) + " value(s)");
    }
    long[] dilations = Attributes.getInts(node, "dilations", null);
    if (dilations != null && Arrays.stream(dilations).anyMatch(d -> d != 1)) {
      throw cx.refuse(node, "dilations " + Arrays.toString(dilations) + ": netc's pools have no dilation");
    }
    int[] spatial = Arrays.copyOfRange(x.onnxShape(), 1, rank);
    long[] pads = Attributes.getInts(node, "pads", new long[0]);
    for (int a = 0; a < pads.length && a < 2 * k.length; a++) {
      if (2 * pads[a] > k[a % k.length]) {
        throw cx.refuse(node, "pads " + Arrays.toString(pads) + " are more than half the window "
            + Arrays.toString(k) + ": a window could hold padding only, which netc's pools refuse");
      }
    }
    WindowAttributes.Imported win = WindowAttributes.read(cx, node, spatial, k);
    if (!max && win.padding() != null && Attributes.getInt(node, "count_include_pad", 0) == 0) {
      throw cx.refuse(node, "it pads but leaves the padding out of the average (count_include_pad=0); netc's avgpool"
          + " divides by the whole window (PyTorch's default count_include_pad=True)");
    }
    LayerBuilder layer = cx.layer(node, max ? "maxpool" : "avgpool").input(cx.inputAsOnnx(node, 0))
        .arg(win.kernel());
    if (!win.stride().equals(win.kernel())) {
      layer.arg("stride", win.stride());
    }
    if (win.padding() != null) {
      layer.arg("padding", win.padding());
    }
    int[] out = new int[rank];
    out[0] = x.onnxShape()[0];
    System.arraycopy(win.spatialOut(), 0, out, 1, rank - 1);
    layer.emit(node.getOutput(0), out);
  }
}
