package dev.netc.onnx.ops;

import static dev.netc.onnx.core.Attributes.ofFloat;

import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.Activation;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.List;
import java.util.Map;
import onnx.Onnx.NodeProto;

/**
 * The element-wise activations, as layers of their own and fused into dense and convolution
 * layers. Each is exported as the ONNX op computing it exactly: {@code Relu}, {@code LeakyRelu},
 * {@code Elu}, {@code Sigmoid}, {@code Tanh}, {@code Softplus}; GELU (opset 17 has no Gelu op) as
 * PyTorch writes it, {@code 0.5 * x * (1 + Erf(x / sqrt 2))}, and SiLU as {@code x * Sigmoid(x)}.
 * Importing reads the same nodes and recognizes both decompositions ({@link GeluPattern}).
 */
final class ActivationMapping implements OnnxOp {
  /**
   * The activation node(s) a layer takes in, the netc name for the layer's {@code activation:},
   * and the ONNX value the activation leaves its result in.
   */
  record Fused(List<NodeProto> nodes, String name, String output) {
    /** Adds the activation to {@code layer}; returns the ONNX value the layer now computes. */
    String applyTo(LayerBuilder layer) {
      layer.arg("activation", name);
      nodes.forEach(layer::also);
      return output;
    }
  }

  /** ONNX op type of each activation with a single-op equivalent. */
  private static final Map<String, String> SINGLE = Map.of("relu", "Relu", "leaky_relu", "LeakyRelu",
      "elu", "Elu", "sigmoid", "Sigmoid", "tanh", "Tanh", "softplus", "Softplus");
  private static final Map<String, String> BY_ONNX = Map.of("Relu", "relu", "LeakyRelu", "leaky_relu",
      "Elu", "elu", "Sigmoid", "sigmoid", "Tanh", "tanh", "Softplus", "softplus");

  @Override
  public List<String> netcOps() {
    return List.of("relu", "leaky_relu", "elu", "sigmoid", "tanh", "gelu", "silu", "softplus");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Relu", "LeakyRelu", "Elu", "Sigmoid", "Tanh", "Softplus", "Div", "Erf");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    double alpha = node.args().values().containsKey("alpha") ? node.args().floatArg("alpha") : Double.NaN;
    emit(cx, node, node.opName(), alpha, cx.input(node, 0), cx.output(node));
  }

  /**
   * Writes activation {@code name} (a netc name; {@code alpha} for leaky_relu and elu, NaN for
   * the default) from ONNX value {@code in} to {@code out}.
   */
  static void emit(ExportContext cx, Node origin, String name, double alpha, String in, String out) {
    switch (name) {
      case "linear" -> cx.add(origin, "Identity", in, out);
      case "leaky_relu" -> cx.add(origin, "LeakyRelu", in, out,
          ofFloat("alpha", (float) (Double.isNaN(alpha) ? Activation.LEAKY_RELU_ALPHA : alpha)));
      case "elu" -> cx.add(origin, "Elu", in, out,
          ofFloat("alpha", (float) (Double.isNaN(alpha) ? Activation.ELU_ALPHA : alpha)));
      case "gelu" -> GeluPattern.export(cx, origin, in, out);
      case "silu" -> {
        String sig = cx.temp(origin, "sigmoid");
        cx.add(origin, "Sigmoid", in, sig);
        cx.add(origin, "Mul", List.of(in, sig), List.of(out));
      }
      default -> {
        String type = SINGLE.get(name);
        if (type == null) {
          throw new IllegalArgumentException("no ONNX op for activation " + name);
        }
        cx.add(origin, type, in, out);
      }
    }
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    if (node.getOpType().equals("Div") || node.getOpType().equals("Erf")) {
      if (!GeluPattern.tryImport(cx, node)) {
        throw cx.refuse(node, node.getOpType().equals("Div")
            ? "netc maps Div only as part of GELU (x / sqrt 2 -> Erf -> + 1 -> * x -> * 0.5); a division of"
                + " network values has no netc layer"
            : "netc maps Erf only as part of GELU (x / sqrt 2 -> Erf -> + 1 -> * x -> * 0.5)");
      }
      return;
    }
    if (node.getOpType().equals("Sigmoid") && trySilu(cx, node)) {
      return;
    }
    String name = BY_ONNX.get(node.getOpType());
    Value x = cx.input(node, 0);
    var layer = cx.layer(node, name).input(x.netc());
    String alpha = alphaArg(node, name);
    if (alpha != null) {
      layer.arg("alpha", alpha);
    }
    layer.emit(node.getOutput(0), x.netcShape(), x.onnxShape());
  }

  /** {@code Sigmoid(x)} read only by {@code Mul(x, ·)}: SiLU. */
  private static boolean trySilu(ImportContext cx, NodeProto sigmoid) throws OnnxImportException {
    NodeProto mul = cx.soleConsumer(sigmoid.getOutput(0), "Mul");
    if (mul == null || mul.getInputCount() != 2) {
      return false;
    }
    String x = sigmoid.getInput(0);
    String other = mul.getInput(0).equals(sigmoid.getOutput(0)) ? mul.getInput(1) : mul.getInput(0);
    if (!other.equals(x)) {
      return false;
    }
    Value v = cx.input(sigmoid, 0);
    cx.layer(sigmoid, "silu").input(v.netc()).also(mul).emit(mul.getOutput(0), v.netcShape(), v.onnxShape());
    return true;
  }

  /** The alpha of LeakyRelu or Elu when it is not netc's default, as a literal; else null. */
  private static String alphaArg(NodeProto node, String name) {
    if (name.equals("leaky_relu") || name.equals("elu")) {
      float fallback = name.equals("elu") ? 1.0f : 0.01f;
      float alpha = Attributes.getFloat(node, "alpha", fallback);
      double netcDefault = name.equals("elu") ? Activation.ELU_ALPHA : Activation.LEAKY_RELU_ALPHA;
      return alpha == (float) netcDefault ? null : Float.toString(alpha);
    }
    return null;
  }

  /**
   * The activation applied to {@code value} when a dense or convolution layer can take it in: the
   * value's only reader is a single-op activation (at netc's default alpha for LeakyRelu and Elu,
   * since a fused activation has no arguments), or its two readers start GELU's five nodes or are
   * SiLU's Sigmoid and Mul; else null.
   */
  static Fused fusable(ImportContext cx, String value) {
    NodeProto act = cx.soleConsumer(value, "Relu", "Sigmoid", "Tanh", "Softplus", "LeakyRelu", "Elu");
    if (act != null) {
      String name = BY_ONNX.get(act.getOpType());
      return alphaArg(act, name) != null ? null : new Fused(List.of(act), name, act.getOutput(0));
    }
    List<NodeProto> readers = cx.consumers(value);
    if (readers.size() != 2 || cx.isGraphOutput(value) || readers.stream().anyMatch(cx::isClaimed)) {
      return null;
    }
    for (NodeProto first : readers) {
      NodeProto second = readers.get(0) == first ? readers.get(1) : readers.get(0);
      if (first.getOpType().equals("Div") || first.getOpType().equals("Mul")) {
        List<NodeProto> gelu = GeluPattern.match(cx, first);
        if (gelu != null && gelu.get(3) == second) {
          return new Fused(gelu, "gelu", gelu.get(4).getOutput(0));
        }
      }
      if (first.getOpType().equals("Sigmoid") && first.getInput(0).equals(value)) {
        NodeProto mul = cx.soleConsumer(first.getOutput(0), "Mul");
        if (mul == second && mul.getInputCount() == 2 && mul.getInputList().contains(value)) {
          return new Fused(List.of(first, mul), "silu", mul.getOutput(0));
        }
      }
    }
    return null;
  }
}
