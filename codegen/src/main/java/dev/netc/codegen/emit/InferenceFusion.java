package dev.netc.codegen.emit;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.ops.Activation;
import dev.netc.codegen.ops.ActivationOp;
import dev.netc.codegen.ops.BatchNormOp;
import dev.netc.codegen.ops.ConvOp;
import dev.netc.codegen.ops.DenseOp;
import dev.netc.codegen.ops.Fold;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which layers run fused at inference ({@code forwardPass(..., training = false)}): a batch norm
 * whose input is a conv or dense layer without activation of its own is folded into that layer's
 * output pass, and an element-wise activation right after the batch norm joins it. A value
 * between fused layers must have no other reader: not an output of the network and read by the
 * next layer of the group alone, because the fused pass never writes it. Training keeps every
 * layer's own pass.
 */
final class InferenceFusion {
  /**
   * One fused group.
   * @param producer the conv or dense layer whose inference method runs the group
   * @param batchnorm the folded batch norm
   * @param activation the fused activation layer, or null
   */
  record Group(Node producer, Node batchnorm, Node activation) {
    /** The last layer of the group: the value the fused pass writes. */
    Node last() {
      return activation != null ? activation : batchnorm;
    }
  }

  /** No fusion: every layer runs its own pass at inference. */
  static final InferenceFusion NONE = new InferenceFusion();

  private final Map<Node, Group> groups = new IdentityHashMap<>();

  private InferenceFusion() {}

  InferenceFusion(Graph graph, Layout layout) {
    Map<Node, Integer> readers = new IdentityHashMap<>();
    for (Node n : graph.nodes()) {
      for (Node in : n.inputs()) {
        readers.merge(in, 1, Integer::sum);
      }
    }
    for (Output o : graph.outputs()) {
      readers.merge(o.node(), 2, Integer::sum); // an output is never an intermediate
    }
    for (Node n : graph.nodes()) {
      if (!(n.op() instanceof BatchNormOp) || n.inputs().size() != 1) {
        continue;
      }
      Node producer = n.input();
      boolean foldable = (producer.op() instanceof ConvOp || producer.op() instanceof DenseOp)
          && !producer.isInput() && "linear".equals(producer.args().enumArg("activation"))
          && readers.getOrDefault(producer, 0) == 1 && layout.valueBuffer(producer) != null;
      if (!foldable) {
        continue;
      }
      Node activation = null;
      if (readers.getOrDefault(n, 0) == 1) {
        for (Node m : graph.nodes()) {
          if (m.op() instanceof ActivationOp && m.inputs().size() == 1 && m.input() == n) {
            activation = m;
          }
        }
      }
      Group g = new Group(producer, n, activation);
      for (Node member : activation == null ? List.of(producer, n) : List.of(producer, n, activation)) {
        groups.put(member, g);
      }
    }
  }

  /** The group {@code node} belongs to, or null. */
  Group groupOf(Node node) {
    return groups.get(node);
  }

  /** The fold the producer of {@code g} applies. */
  static Fold fold(Group g, Layout layout) {
    Node bn = g.batchnorm();
    Map<String, String> p = layout.paramConstants.get(bn);
    Activation act = Activation.LINEAR;
    double alpha = 0;
    if (g.activation() != null) {
      ActivationOp op = (ActivationOp) g.activation().op();
      act = op.activation();
      alpha = op.alpha(g.activation().args());
    }
    return new Fold(bn.name(), bn.shape().dim(0), p.get("gamma"), p.get("beta"), p.get("running_mean"),
        p.get("running_var"), bn.args().floatArg("eps"),
        g.activation() == null ? null : g.activation().name(), act, alpha);
  }

  /** The name of a producer's inference method. */
  static String inferenceName(Node producer) {
    return dev.netc.codegen.base.Names.camel(producer.name()) + "Inference";
  }
}
