package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.Value;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * GELU with erf, as PyTorch 1.13 exports {@code nn.GELU()} at opset 17 (which has no Gelu op):
 * {@code Div(x, sqrt 2) -> Erf -> Add(·, 1) -> Mul(x, ·) -> Mul(·, 0.5)}. Import also takes
 * {@code Mul(x, 1/sqrt 2)} for the first step and either operand order of each Add and Mul.
 */
final class GeluPattern {
  private static final double TOLERANCE = 1e-6;

  private GeluPattern() {}

  static void export(ExportContext cx, Node origin, String in, String out) {
    String scaled = cx.temp(origin, "scaled");
    String erf = cx.temp(origin, "erf");
    String plusOne = cx.temp(origin, "erf_plus_1");
    String product = cx.temp(origin, "x_times");
    cx.add(origin, "Div", List.of(in, cx.scalar(origin.name() + ".sqrt2", (float) Math.sqrt(2))), List.of(scaled));
    cx.add(origin, "Erf", scaled, erf);
    cx.add(origin, "Add", List.of(erf, cx.scalar(origin.name() + ".one", 1f)), List.of(plusOne));
    cx.add(origin, "Mul", List.of(in, plusOne), List.of(product));
    cx.add(origin, "Mul", List.of(product, cx.scalar(origin.name() + ".half", 0.5f)), List.of(out));
  }

  /**
   * Imports the pattern starting at {@code first} (the Div, or a Mul by 1/sqrt 2) as one gelu
   * layer; false, touching nothing, when the nodes that follow are not GELU.
   */
  static boolean tryImport(ImportContext cx, NodeProto first) throws OnnxImportException {
    List<NodeProto> nodes = match(cx, first);
    if (nodes == null || cx.value(first.getInput(0)) == null) {
      return false;
    }
    Value v = cx.input(first, 0);
    var layer = cx.layer(first, "gelu").input(v.netc());
    for (NodeProto n : nodes.subList(1, nodes.size())) {
      layer.also(n);
    }
    layer.emit(nodes.get(nodes.size() - 1).getOutput(0), v.netcShape(), v.onnxShape());
    return true;
  }

  /**
   * The five nodes of the pattern starting at {@code first} (in order: scale, Erf, Add, Mul by x,
   * Mul by 0.5), or null when the nodes that follow are not GELU of {@code first}'s input.
   */
  static List<NodeProto> match(ImportContext cx, NodeProto first) {
    if (first.getInputCount() != 2 || first.getOutputCount() != 1) {
      return null;
    }
    String x = first.getInput(0);
    Constant c = cx.constant(first.getInput(1));
    boolean div = first.getOpType().equals("Div");
    if (!scalar(c, div ? Math.sqrt(2) : 1 / Math.sqrt(2))) {
      return null;
    }
    NodeProto erf = cx.soleConsumer(first.getOutput(0), "Erf");
    NodeProto add = erf == null ? null : cx.soleConsumer(erf.getOutput(0), "Add");
    if (add == null || !scalar(cx.constant(other(add, erf.getOutput(0))), 1)) {
      return null;
    }
    NodeProto mulX = cx.soleConsumer(add.getOutput(0), "Mul");
    if (mulX == null || !other(mulX, add.getOutput(0)).equals(x)) {
      return null;
    }
    NodeProto half = cx.soleConsumer(mulX.getOutput(0), "Mul");
    if (half == null || !scalar(cx.constant(other(half, mulX.getOutput(0))), 0.5)) {
      return null;
    }
    return List.of(first, erf, add, mulX, half);
  }

  /** The input of two-input {@code node} that is not {@code value} ("" when neither is). */
  private static String other(NodeProto node, String value) {
    if (node.getInputCount() != 2) {
      return "";
    }
    return node.getInput(0).equals(value) ? node.getInput(1) : node.getInput(1).equals(value) ? node.getInput(0) : "";
  }

  private static boolean scalar(Constant c, double expected) {
    return c != null && c.size() == 1 && Math.abs(c.get(0) - expected) <= TOLERANCE * Math.abs(expected);
  }
}
