package dev.netc.onnx.ops;

import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.Value;
import dev.netc.onnx.idioms.AttentionIdiom;
import dev.netc.onnx.idioms.IdiomException;
import dev.netc.onnx.idioms.NodeIndex;
import dev.netc.onnx.idioms.RecurrentIdiom;
import dev.netc.onnx.idioms.ShapeArithmetic;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.NodeProto;

/**
 * The multi-node idioms that become one netc layer, found before the node loop: self-attention
 * written out node by node ({@link AttentionIdiom}, around each {@code Softmax} inside one) and the
 * recurrent ops with their batch-first wrapping ({@link RecurrentIdiom}). Their nodes are claimed
 * at once, because the loop would otherwise reach the first of them (an in-projection {@code
 * MatMul}, a {@code Transpose}) before the node that identifies them; each layer is written when
 * the loop reaches the node computing its result, when its inputs are bound.
 */
public final class Fusions {
  private interface Layer {
    void emit(ImportContext cx) throws OnnxImportException;
  }

  private final Map<NodeProto, Layer> byExitProducer = new IdentityHashMap<>();

  private Fusions() {}

  /** Finds and claims every idiom of {@code cx}'s graph. */
  public static Fusions find(ImportContext cx) throws OnnxImportException {
    Fusions f = new Fusions();
    NodeIndex g = new NodeIndex(cx.graph());
    for (NodeProto node : cx.graph().getNodeList()) {
      if (cx.isClaimed(node)) {
        continue;
      }
      try {
        switch (node.getOpType()) {
          case "RNN", "GRU", "LSTM" -> {
            RecurrentIdiom r = RecurrentIdiom.around(g, node);
            f.claim(cx, g, r.nodes(), r.exit(), c -> RecurrentMapping.emit(c, node, r));
          }
          case "Softmax" -> {
            AttentionIdiom a = AttentionIdiom.around(g, node, value -> boundShape(cx, value));
            if (a != null) {
              f.claim(cx, g, a.nodes(), a.exit(), c -> AttentionMapping.emit(c, a));
            }
          }
          default -> { }
        }
      } catch (IdiomException e) {
        throw cx.refuse(e.node(), e.why());
      }
    }
    return f;
  }

  private void claim(ImportContext cx, NodeIndex g, Set<NodeProto> nodes, String exit, Layer layer) {
    for (NodeProto n : nodes) {
      cx.claim(n);
    }
    byExitProducer.put(g.producer(exit), layer);
  }

  /** Writes the fused layer whose result {@code node} computes; false for any other node. */
  public boolean emitAt(ImportContext cx, NodeProto node) throws OnnxImportException {
    Layer layer = byExitProducer.remove(node);
    if (layer == null) {
      return false;
    }
    layer.emit(cx);
    return true;
  }

  /** The dims of a value already bound (graph inputs, at this point), the batch unknown; else null. */
  private static long[] boundShape(ImportContext cx, String value) {
    Value v = cx.value(value);
    if (v == null) {
      return null;
    }
    long[] dims = new long[v.onnxRank()];
    dims[0] = ShapeArithmetic.UNKNOWN;
    for (int i = 1; i < dims.length; i++) {
      dims[i] = v.onnxShape()[i - 1];
    }
    return dims;
  }
}
