package dev.netc.onnx.core;

import dev.netc.onnx.OnnxImportException;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * One netc layer being imported: {@code ctx.layer(node, "conv2d").input(x).arg("32")
 * .arg("kernel", "3").param("weight", w).emit(node.getOutput(0), shape)} writes {@code
 * conv1 = conv2d(x, 32, kernel: 3);  // Conv "/conv1/Conv"} and keeps the weight.
 */
public final class LayerBuilder {
  private final ImportContext cx;
  private final NodeProto origin;
  private final String op;
  private final List<String> inputs = new ArrayList<>();
  private final List<String> args = new ArrayList<>();
  private final List<String> roles = new ArrayList<>();
  private final List<float[]> values = new ArrayList<>();
  private final List<NodeProto> absorbed = new ArrayList<>();
  private String name;
  private String comment;

  LayerBuilder(ImportContext cx, NodeProto origin, String op) {
    this.cx = cx;
    this.origin = origin;
    this.op = op;
  }

  /** Reads the netc value {@code netcName} (in order: the first is the layer's main input). */
  public LayerBuilder input(String netcName) {
    inputs.add(netcName);
    return this;
  }

  /** A positional argument as written, e.g. {@code 32} or {@code [1, 28, 28]}. */
  public LayerBuilder arg(String value) {
    args.add(value);
    return this;
  }

  /** A named argument, {@code name: value}. */
  public LayerBuilder arg(String name, String value) {
    args.add(name + ": " + value);
    return this;
  }

  /** The layer's parameter {@code role}, already in netc's layout. */
  public LayerBuilder param(String role, float[] v) {
    roles.add(role);
    values.add(v);
    return this;
  }

  /**
   * Names the layer after {@code base} (made fresh) and describes it by {@code comment}, for a
   * layer the importer adds that no ONNX node has (a view reconciling two shapes).
   */
  public LayerBuilder helper(String base, String comment) {
    this.name = base;
    this.comment = comment;
    return this;
  }

  /** Another ONNX node this layer stands for (a fused activation, a bias Add), for the comment. */
  public LayerBuilder also(NodeProto node) {
    absorbed.add(node);
    cx.claim(node);
    return this;
  }

  /**
   * Writes the statement and binds {@code onnxOutput} to the new layer, whose per-example shape is
   * {@code shape} in both netc and ONNX; returns the layer's name.
   */
  public String emit(String onnxOutput, int[] shape) throws OnnxImportException {
    return emit(onnxOutput, shape, shape);
  }

  /** As {@link #emit(String, int[])} for a layer whose netc shape differs in rank from ONNX's. */
  public String emit(String onnxOutput, int[] netcShape, int[] onnxShape) throws OnnxImportException {
    String name = this.name != null ? cx.names().fresh(this.name, op)
        : cx.names().layer(origin.getName(), origin.getOpType(), op,
            origin.getOutputCount() > 0 ? origin.getOutput(0) : op);
    StringBuilder call = new StringBuilder(op);
    List<String> all = new ArrayList<>(inputs);
    all.addAll(args);
    if (!all.isEmpty()) {
      call.append('(').append(String.join(", ", all)).append(')');
    }
    StringBuilder comment = new StringBuilder(this.comment != null ? this.comment : describe(origin, name));
    for (NodeProto n : absorbed) {
      comment.append(" + ").append(describe(n, null));
    }
    cx.source().statement(name, call.toString(), comment.toString());
    for (int i = 0; i < roles.size(); i++) {
      cx.source().param(name, roles.get(i), values.get(i));
    }
    cx.bind(onnxOutput, new Value(name, netcShape, onnxShape, false));
    return name;
  }

  /** {@code Conv "/conv1/Conv"}, or just {@code Conv} when the layer kept the node's name. */
  private static String describe(NodeProto n, String layer) {
    String nodeName = n.getName();
    return nodeName.isEmpty() || nodeName.equals(layer) ? n.getOpType() : n.getOpType() + " \"" + nodeName + "\"";
  }
}
