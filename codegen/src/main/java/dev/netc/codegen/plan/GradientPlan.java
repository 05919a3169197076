package dev.netc.codegen.plan;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one network runs backward, decided once from the graph before any code is written: which
 * layers run backward and in which order, whether each runs always or only when the caller asks
 * for the input gradient, and for every input of every layer which gradient it writes and whether
 * it writes it ({@code =}, the first writer) or adds to it ({@code +=}, a value read by several
 * layers).
 *
 * <p>Gradients live with the value that owns the memory: a view (flatten, reshape) has no
 * gradient of its own, so a layer reading a view writes the gradient of the view's source. The
 * loss writes the output's gradient first; every later writer of the same gradient adds to it, so
 * no value gradient is ever cleared. Parameter gradients are different: layers always add into
 * them, so they are cleared once before the backward pass.
 *
 * <p>Nodes are records whose hashCode walks every input: everything here is keyed by identity and
 * computed in loops over the topological order, so a 10,000-layer chain costs neither quadratic
 * time nor a deep stack.
 */
public final class GradientPlan {

  /** When a backward step, or the gradient a write produces, is needed. */
  public enum When {
    /** On every backward pass: there are trainable parameters at or before it. */
    ALWAYS,
    /** Only when the caller asked for the gradient with respect to the network input. */
    IF_INPUT_GRADIENT
  }

  /**
   * One input of a layer receiving its gradient.
   *
   * @param input the position in the layer's {@link Node#inputs()}
   * @param target the value whose gradient is written: the input itself, or the source a view
   *     shares memory with
   * @param accumulate whether the write adds ({@code +=}) because an earlier step (or the loss)
   *     has already written this gradient in the same pass
   * @param needed when anyone reads the gradient written
   * @param gated whether the write must be skipped unless the input gradient is asked for, although
   *     its step runs anyway: it adds to a gradient whose first writer runs only on demand, so on
   *     other passes nothing would have assigned what it adds to
   */
  public record Write(int input, Node target, boolean accumulate, When needed, boolean gated) {

    /** Whether the gradient goes to the network input, whose array is null unless it was asked for. */
    public boolean toNetworkInput() {
      return target.isInput();
    }
  }

  /**
   * One layer's backward call.
   *
   * @param node the layer
   * @param runs when the call is made: always, or only when the input gradient is asked for
   * @param writes one per input, in {@link Node#inputs()} order
   */
  public record Step(Node node, When runs, List<Write> writes) {

    /** The write of the first input: all a single-input layer has. */
    public Write firstWrite() {
      return writes.get(0);
    }
  }

  private final Node lossTarget;
  private final List<Step> backwardOrder;
  private final Map<Node, Step> stepOf;
  private final Map<Node, Boolean> requiresGrad;

  private GradientPlan(Node lossTarget, List<Step> backwardOrder, Map<Node, Step> stepOf,
      Map<Node, Boolean> requiresGrad) {
    this.lossTarget = lossTarget;
    this.backwardOrder = List.copyOf(backwardOrder);
    this.stepOf = stepOf;
    this.requiresGrad = requiresGrad;
  }

  /** Plans {@code graph}'s backward pass. */
  public static GradientPlan of(Graph graph) {
    List<Node> nodes = graph.nodes();
    Map<Node, Boolean> requiresGrad = requiresGrad(nodes);
    Node lossTarget = storage(graph.output());
    // when the first writer of each gradient written so far runs; the losses, first of all, always do
    Map<Node, When> firstWriter = new IdentityHashMap<>();
    for (Output out : graph.outputs()) {
      firstWriter.put(storage(out.node()), When.ALWAYS);
    }
    List<Step> order = new ArrayList<>();
    Map<Node, Step> stepOf = new IdentityHashMap<>();
    // reverse topological order: every reader of a value runs backward before the value's producer
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      // layers whose value no path to the loss reads get no gradient: no backward step
      if (node.isInput() || node.isView() || !firstWriter.containsKey(node)) {
        continue;
      }
      When runs = requiresGrad.get(node) ? When.ALWAYS : When.IF_INPUT_GRADIENT;
      List<Write> writes = new ArrayList<>();
      for (int k = 0; k < node.inputs().size(); k++) {
        Node target = storage(node.inputs().get(k));
        When needed = requiresGrad.get(target) ? When.ALWAYS : When.IF_INPUT_GRADIENT;
        When first = firstWriter.putIfAbsent(target, runs);
        boolean accumulate = first != null;
        boolean gated = accumulate && runs == When.ALWAYS && first == When.IF_INPUT_GRADIENT;
        writes.add(new Write(k, target, accumulate, needed, gated));
      }
      Step step = new Step(node, runs, List.copyOf(writes));
      order.add(step);
      stepOf.put(node, step);
    }
    return new GradientPlan(lossTarget, order, stepOf, requiresGrad);
  }

  /** The value the first output's loss gradient is written to: the output or its view's source. */
  public Node lossTarget() {
    return lossTarget;
  }

  /** The backward calls in the order they run: readers of a value before its producer. */
  public List<Step> backwardOrder() {
    return backwardOrder;
  }

  /** The step of {@code node}, or null when it has none (an input, a view, or a value the loss does not read). */
  public Step stepOf(Node node) {
    return stepOf.get(node);
  }

  /** Whether {@code node} has trainable parameters at or before it. */
  public boolean requiresGrad(Node node) {
    return requiresGrad.getOrDefault(node, false);
  }

  /**
   * Whether the parameter gradients are zeroed before the backward pass: layers add into them
   * (a parameter's gradient is a sum over the batch), so they are, on every pass.
   */
  public boolean clearsParameterGradients() {
    return true;
  }

  /** How many steps write the gradient of {@code value} (not counting the loss). */
  public int writersOf(Node value) {
    int n = 0;
    for (Step step : backwardOrder) {
      for (Write w : step.writes()) {
        n += w.target() == value ? 1 : 0;
      }
    }
    return n;
  }

  /** The value owning a node's memory: the node itself, or the source of a chain of views. */
  public static Node storage(Node node) {
    return node.storage();
  }

  /** One pass in topological order: a node requires a gradient when it or any input does. */
  private static Map<Node, Boolean> requiresGrad(List<Node> nodes) {
    Map<Node, Boolean> result = new IdentityHashMap<>();
    for (Node n : nodes) {
      boolean needed = false;
      if (!n.isInput()) {
        needed = !n.params().isEmpty();
        for (Node in : n.inputs()) {
          needed |= result.getOrDefault(in, false);
        }
      }
      result.put(n, needed);
    }
    return result;
  }
}
