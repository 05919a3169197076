package dev.netc.onnx.ops;

import dev.netc.codegen.ops.Window;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.Shapes;
import java.util.Arrays;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;

/**
 * The window attributes convolutions and pools share ({@code kernel_shape}, {@code strides}, {@code
 * dilations}, {@code pads}, {@code auto_pad}), both ways: a netc {@link Window} as ONNX attributes,
 * and ONNX attributes as netc arguments ({@code kernel: 3, stride: 2, padding: [1, 1]} or {@code
 * padding: same} when the pads are TensorFlow's 'same' rule netc uses) with the output size.
 */
final class WindowAttributes {
  private WindowAttributes() {}

  /** The window's ONNX attributes; 1d windows give one value per list. */
  static AttributeProto[] export(Window w, boolean withDilation) {
    boolean one = w.dims() == 1;
    AttributeProto kernel = Attributes.ofInts("kernel_shape", one ? new long[] {w.kw()} : new long[] {w.kh(), w.kw()});
    AttributeProto strides = Attributes.ofInts("strides", one ? new long[] {w.sw()} : new long[] {w.sh(), w.sw()});
    AttributeProto pads = Attributes.ofInts("pads", one ? new long[] {w.padLeft(), w.padRight()}
        : new long[] {w.padTop(), w.padLeft(), w.padBottom(), w.padRight()});
    if (!withDilation) {
      return new AttributeProto[] {kernel, strides, pads};
    }
    AttributeProto dilations = Attributes.ofInts("dilations", one ? new long[] {w.dw()} : new long[] {w.dh(), w.dw()});
    return new AttributeProto[] {kernel, strides, pads, dilations};
  }

  /** The imported geometry: netc arguments (as written) and the output's spatial dims. */
  record Imported(String kernel, String stride, String dilation, String padding, int[] spatialOut) {}

  /**
   * Reads the window of {@code node} over {@code spatial} input dims with kernel {@code k} (from
   * the weight or {@code kernel_shape}); {@code strideDefault} is the kernel for netc's pools.
   */
  static Imported read(ImportContext cx, NodeProto node, int[] spatial, long[] k) throws OnnxImportException {
    int n = spatial.length;
    long[] strides = list(cx, node, "strides", n, 1);
    long[] dilations = list(cx, node, "dilations", n, 1);
    long[] pads = Attributes.getInts(node, "pads", new long[2 * n]);
    if (pads.length != 2 * n) {
      throw cx.refuse(node, "pads has " + pads.length + " values, expected " + 2 * n);
    }
    String autoPad = Attributes.getString(node, "auto_pad", "NOTSET");
    int[] out = new int[n];
    String padding;
    long[] same = samePads(spatial, k, strides, dilations);
    switch (autoPad) {
      case "NOTSET" -> {
        boolean symmetric = true;
        boolean zero = true;
        for (int a = 0; a < n; a++) {
          symmetric &= pads[a] == pads[a + n];
          zero &= pads[a] == 0 && pads[a + n] == 0;
          if (pads[a] < 0 || pads[a + n] < 0) {
            throw cx.refuse(node, "negative pads " + Arrays.toString(pads) + " crop the input; netc pads with zeros only");
          }
        }
        if (zero) {
          padding = null;
        } else if (symmetric) {
          padding = n == 1 ? "[" + pads[0] + "]" : "[" + pads[0] + ", " + pads[1] + "]";
        } else if (Arrays.equals(pads, same)) {
          padding = "same";
        } else {
          throw cx.refuse(node, "pads " + Arrays.toString(pads) + " differ between the two sides of an axis; netc"
              + " pads both sides alike, or by the 'same' rule (the odd unit at the end)");
        }
      }
      case "VALID" -> {
        padding = null;
        pads = new long[2 * n];
      }
      case "SAME_UPPER" -> {
        padding = "same";
        pads = same;
      }
      default -> throw cx.refuse(node, "auto_pad " + autoPad + " is not supported: netc's 'same' puts the odd"
          + " padding unit at the end (SAME_UPPER)");
    }
    for (int a = 0; a < n; a++) {
      out[a] = Shapes.windowOutput(spatial[a], (int) k[a], (int) strides[a], (int) dilations[a], (int) pads[a],
          (int) pads[a + n]);
      if (out[a] <= 0) {
        throw cx.refuse(node, "its window " + Arrays.toString(k) + " does not fit the input " + Arrays.toString(spatial));
      }
    }
    return new Imported(text(k), text(strides), text(dilations), padding, out);
  }

  /** TensorFlow's 'same' pads for each axis, before then after: the odd unit after. */
  private static long[] samePads(int[] spatial, long[] k, long[] strides, long[] dilations) {
    int n = spatial.length;
    long[] pads = new long[2 * n];
    for (int a = 0; a < n; a++) {
      long out = (spatial[a] + strides[a] - 1) / strides[a];
      long total = Math.max((out - 1) * strides[a] + dilations[a] * (k[a] - 1) + 1 - spatial[a], 0);
      pads[a] = total / 2;
      pads[a + n] = total - total / 2;
    }
    return pads;
  }

  private static long[] list(ImportContext cx, NodeProto node, String name, int n, long fallback)
      throws OnnxImportException {
    long[] fill = new long[n];
    Arrays.fill(fill, fallback);
    long[] v = Attributes.getInts(node, name, fill);
    if (v.length != n) {
      throw cx.refuse(node, name + " has " + v.length + " values, expected " + n);
    }
    for (long x : v) {
      if (x < 1 || x > Integer.MAX_VALUE) {
        throw cx.refuse(node, name + " " + Arrays.toString(v) + " must be positive");
      }
    }
    return v;
  }

  /** {@code 3} for equal values, {@code [3, 5]} otherwise. */
  static String text(long[] v) {
    if (Arrays.stream(v).allMatch(x -> x == v[0])) {
      return Long.toString(v[0]);
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(v[i]);
    }
    return sb.append(']').toString();
  }
}
