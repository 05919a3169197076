package dev.netc.onnx.ops;

import static dev.netc.onnx.core.Attributes.ofInt;
import static dev.netc.onnx.core.Attributes.ofInts;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import dev.netc.onnx.idioms.AttentionIdiom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import onnx.Onnx.NodeProto;

/**
 * {@code multi_head_attention(heads, key_dim, causal)}. ONNX 17 has no attention op, so export
 * writes it out, batch-first throughout: the three projections ({@code MatMul + Add}), heads split
 * by {@code Reshape [0, T, heads, key_dim]} and {@code Transpose} ({@code [0,2,1,3]}, keys {@code
 * [0,2,3,1]}), {@code MatMul}, {@code Mul} by {@code 1/sqrt(key_dim)}, for causal attention {@code
 * Add} of a constant mask ({@code -inf} above the diagonal), {@code Softmax(-1)}, {@code MatMul}
 * with the values, heads merged by {@code Transpose [0,2,1,3] + Reshape [0, T, heads*key_dim]},
 * and the output projection. Import finds that, and what PyTorch 1.13 writes for {@code
 * nn.MultiheadAttention}, with {@link AttentionIdiom} (claimed before the node loop by {@link
 * Fusions}).
 */
final class AttentionMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("multi_head_attention");
  }

  @Override
  public List<String> onnxOps() {
    return List.of();
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int steps = cx.inputShape(node, 0)[0];
    int width = cx.inputShape(node, 0)[1];
    int heads = node.args().intArg("heads");
    int keyDim = node.args().intArg("key_dim") == 0 ? width / heads : node.args().intArg("key_dim");
    int inner = heads * keyDim;
    String x = cx.input(node, 0);
    String q = project(cx, node, x, "query", width, inner);
    String k = project(cx, node, x, "key", width, inner);
    String v = project(cx, node, x, "value", width, inner);
    String split = cx.ints(node.name() + ".heads_shape", 0, steps, heads, keyDim);
    String qh = heads(cx, node, q, split, "query_heads", 0, 2, 1, 3);
    String kh = heads(cx, node, k, split, "key_heads_transposed", 0, 2, 3, 1);
    String vh = heads(cx, node, v, split, "value_heads", 0, 2, 1, 3);
    String scores = cx.temp(node, "scores");
    cx.add(node, "MatMul", List.of(qh, kh), List.of(scores));
    String scaled = cx.temp(node, "scaled_scores");
    cx.add(node, "Mul", List.of(scores, cx.scalar(node.name() + ".scale", (float) (1.0 / Math.sqrt(keyDim)))),
        List.of(scaled));
    if (node.args().boolArg("causal")) {
      float[] mask = new float[steps * steps];
      for (int i = 0; i < steps; i++) {
        Arrays.fill(mask, i * steps + i + 1, (i + 1) * steps, Float.NEGATIVE_INFINITY);
      }
      String masked = cx.temp(node, "masked_scores");
      cx.add(node, "Add", List.of(scaled, cx.initializer(node.name() + ".causal_mask", mask, steps, steps)),
          List.of(masked));
      scaled = masked;
    }
    String probs = cx.temp(node, "probs");
    cx.add(node, "Softmax", scaled, probs, ofInt("axis", -1));
    String context = cx.temp(node, "context_heads");
    cx.add(node, "MatMul", List.of(probs, vh), List.of(context));
    String merged = cx.temp(node, "context_positions");
    cx.add(node, "Transpose", context, merged, ofInts("perm", 0, 2, 1, 3));
    String flat = cx.temp(node, "context");
    cx.add(node, "Reshape", List.of(merged, cx.ints(node.name() + ".context_shape", 0, steps, inner)), List.of(flat));
    String out = cx.temp(node, "output_product");
    cx.add(node, "MatMul", List.of(flat, cx.initializer(node.name() + ".output_weight",
        cx.param(node, "output_weight"), inner, width)), List.of(out));
    cx.add(node, "Add", List.of(out, cx.initializer(node.name() + ".output_bias", cx.param(node, "output_bias"),
        width)), List.of(cx.output(node)));
  }

  /** {@code x W + b} for one of the query, key and value projections. */
  private static String project(ExportContext cx, Node node, String x, String role, int width, int inner) {
    String product = cx.temp(node, role + "_product");
    cx.add(node, "MatMul", List.of(x, cx.initializer(node.name() + "." + role + "_weight",
        cx.param(node, role + "_weight"), width, inner)), List.of(product));
    String out = cx.temp(node, role);
    cx.add(node, "Add", List.of(product, cx.initializer(node.name() + "." + role + "_bias",
        cx.param(node, role + "_bias"), inner)), List.of(out));
    return out;
  }

  /** {@code [batch, T, heads*key_dim]} split into heads and transposed by {@code perm}. */
  private static String heads(ExportContext cx, Node node, String in, String shape, String what, long... perm) {
    String split = cx.temp(node, what + "_split");
    cx.add(node, "Reshape", List.of(in, shape), List.of(split));
    String out = cx.temp(node, what);
    cx.add(node, "Transpose", split, out, ofInts("perm", perm));
    return out;
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    throw cx.refuse(node, "netc has no single-node attention to import");
  }

  /** Writes the netc layer for {@code a}, whose nodes are claimed. */
  static void emit(ImportContext cx, AttentionIdiom a) throws OnnxImportException {
    NodeProto origin = origin(a);
    Value x = cx.value(a.entry());
    if (x == null || x.onnxShape().length != 2) {
      throw cx.refuse(origin, "attends over " + a.entry() + (x == null ? ", which is no network value"
          : " of per-example shape " + Arrays.toString(x.onnxShape()) + "; netc's multi_head_attention reads [T, D]"));
    }
    LayerBuilder layer = cx.layer(origin, "multi_head_attention").input(cx.asOnnxShape(a.entry()))
        .arg(Integer.toString(a.heads()));
    if (a.keyDim() * a.heads() != x.onnxShape()[1]) {
      layer.arg("key_dim", Integer.toString(a.keyDim()));
    }
    if (a.causal()) {
      layer.arg("causal", "true");
    }
    for (Map.Entry<String, float[]> p : a.parameters().entrySet()) {
      layer.param(p.getKey(), p.getValue());
    }
    layer.emit(a.exit(), x.onnxShape());
  }

  /**
   * What the layer is named after and its comment names: a node standing for all of them, named
   * by their names' common path ({@code /layer/self_attn} for PyTorch's, the layer's own for netc's).
   */
  private static NodeProto origin(AttentionIdiom a) {
    String prefix = null;
    for (NodeProto n : a.nodes()) {
      if (n.getName().contains("/")) {
        prefix = prefix == null ? n.getName() : common(prefix, n.getName());
      }
    }
    int slash = prefix == null ? -1 : prefix.lastIndexOf('/');
    String name = prefix == null ? "" : slash > 0 ? prefix.substring(0, slash) : prefix;
    return NodeProto.newBuilder().setName(name).setOpType("self-attention of " + a.nodes().size() + " nodes")
        .addOutput(a.exit()).build();
  }

  private static String common(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return a.substring(0, i);
  }
}
