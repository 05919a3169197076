package dev.netc.onnx.idioms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.NodeProto;

/**
 * An ONNX {@code RNN}, {@code GRU} or {@code LSTM} with the nodes PyTorch 1.13 (and netc's
 * exporter) wrap it in, as one netc recurrent layer:
 *
 * <ul>
 *   <li>in: {@code Transpose[1,0,2]} of a batch-first {@code [batch, T, F]} value (or {@code
 *       layout = 1}, which reads it as it is);
 *   <li>initial state: none, zeros ({@code ConstantOfShape(0)} of the shape arithmetic PyTorch
 *       builds), or a batch-first value through {@code Unsqueeze(0)} (one direction) or {@code
 *       Transpose[1,0,2]} (two): the layer's {@code initial_state} (and lstm's {@code
 *       initial_cell});
 *   <li>out, every step ({@code sequences: true}): {@code Y} through {@code Squeeze} of the
 *       directions axis, or for two directions {@code Transpose[0,2,1,3] + Reshape[0,0,-1]}
 *       ({@code merge: concat}) or {@code ReduceSum} over the directions ({@code merge: add}), then
 *       {@code Transpose[1,0,2]} back to batch-first; the last step {@code Gather(axis 1, -1)} of
 *       a forward layer is its final state ({@code sequences: false});
 *   <li>out, the final state: {@code Y_h} through {@code Squeeze(0)}, or {@code Transpose[1,0,2]
 *       + Reshape[0,-1]} (concat) or {@code ReduceSum(0)} (add).
 * </ul>
 *
 * Gate order and biases are converted by {@link RecurrentWeights}. Refused, naming the node:
 * {@code GRU} with {@code linear_before_reset = 0} (ONNX's default; a different cell from netc's
 * and PyTorch's, whose reset gate multiplies {@code h W_hn + b_hn}), other activations than
 * netc's, {@code clip}, {@code input_forget}, peepholes, {@code sequence_lens}, and reading both
 * the steps and the final state.
 *
 * @param cell which cell
 * @param relu for rnn, whether the activation is relu rather than tanh
 * @param entry the batch-first input
 * @param exit the batch-first value the layer gives
 * @param units H
 * @param layers stacked layers (PyTorch's num_layers: nodes chained time-major)
 * @param bidirectional whether there are two directions
 * @param reverse whether the one direction runs from the last step to the first
 * @param sequences whether the layer gives every step
 * @param concat whether two directions are concatenated rather than added
 * @param initialState the batch-first value of the state before the first step, or null for zero
 * @param initialCell the same for lstm's cell
 * @param parameters netc's parameters by name, in netc's order
 * @param nodes the nodes replaced
 */
public record RecurrentIdiom(RecurrentWeights cell, boolean relu, String entry, String exit, int units,
    int layers, boolean bidirectional, boolean reverse, boolean sequences, boolean concat, String initialState,
    String initialCell, Map<String, float[]> parameters, Set<NodeProto> nodes) {

  /** The layer around {@code node}, an RNN, GRU or LSTM; throws naming it when netc has no such layer. */
  public static RecurrentIdiom around(NodeIndex g, NodeProto node) {
    RecurrentWeights cell = RecurrentWeights.valueOf(node.getOpType());
    Set<NodeProto> nodes = new LinkedHashSet<>(List.of(node));
    RecurrentAttributes a = RecurrentAttributes.check(g, node, cell);
    boolean timeMajor = a.layout() == 0;
    String entry = node.getInput(0);
    if (timeMajor) {
      NodeProto transpose = g.producer(entry, "Transpose");
      if (transpose == null || !Arrays.equals(NodeIndex.intsAttribute(transpose, "perm"), new long[] {1, 0, 2})) {
        throw fail(node, "reads " + entry + " time-major without the Transpose[1,0,2] of a batch-first value;"
            + " netc's recurrent layers read [batch, T, F] (export with batch_first=True)");
      }
      nodes.add(transpose);
      entry = transpose.getInput(0);
    }
    int d = a.directions();
    String h0 = initial(g, node, 5, d, timeMajor, nodes);
    String c0 = cell == RecurrentWeights.LSTM ? initial(g, node, 6, d, timeMajor, nodes) : null;
    // PyTorch's num_layers > 1: each layer's steps, merged time-major, feed the next node of the stack
    List<NodeProto> stack = new ArrayList<>(List.of(node));
    for (RecurrentOutputs link = RecurrentOutputs.between(g, node, d, timeMajor); link != null;
        link = RecurrentOutputs.between(g, stack.get(stack.size() - 1), d, timeMajor)) {
      NodeProto below = stack.get(stack.size() - 1);
      NodeProto next = g.consumers(link.exit).get(0);
      if (!RecurrentAttributes.check(g, next, cell).equals(a)) {
        throw fail(next, "is stacked on " + NodeIndex.describe(below) + " with other settings; netc stacks layers"
            + " of one size, direction and activation (layers: N)");
      }
      unread(g, below, 1, "final state Y_h");
      unread(g, below, 2, "final cell Y_c");
      if (h0 != null || c0 != null || initial(g, next, 5, d, timeMajor, nodes) != null
          || (cell == RecurrentWeights.LSTM && initial(g, next, 6, d, timeMajor, nodes) != null)) {
        throw fail(next, "a stacked layer starts from a given state; netc imports stacks that start from zero");
      }
      nodes.addAll(link.nodes);
      nodes.add(next);
      stack.add(next);
    }
    Map<String, float[]> parameters = new LinkedHashMap<>();
    for (int layer = 0; layer < stack.size(); layer++) {
      parameters.putAll(parameters(g, stack.get(layer), cell, a, layer, stack.size() * d));
    }
    node = stack.get(stack.size() - 1);

    RecurrentOutputs steps = RecurrentOutputs.steps(g, node, d, timeMajor);
    RecurrentOutputs last = RecurrentOutputs.last(g, node, d, timeMajor);
    unread(g, node, 2, "final cell Y_c");
    if (steps != null && last != null) {
      throw fail(node, "both every step (Y) and the final state (Y_h) are read; netc's recurrent layer gives one"
          + " of them");
    }
    RecurrentOutputs out = steps != null ? steps : last;
    if (out == null) {
      throw fail(node, "neither its steps nor its final state is read in a way netc maps (Squeeze of the"
          + " directions axis or the bidirectional Transpose + Reshape, back to batch-first)");
    }
    nodes.addAll(out.nodes);
    boolean sequences = steps != null;
    String exit = out.exit;
    if (sequences && d == 1 && !a.reverse()) {
      NodeProto gather = lastStep(g, exit);
      if (gather != null) {
        // the last step of a forward layer is its final state
        nodes.add(gather);
        exit = gather.getOutput(0);
        sequences = false;
      }
    }
    FusedRegion.close(g, nodes, exit, node, entry, h0, c0);
    return new RecurrentIdiom(cell, a.relu(), entry, exit, a.units(), stack.size(), d == 2, a.reverse(), sequences,
        out.concat, h0, c0, parameters, nodes);
  }

  /** Fails when output {@code k} of {@code node} is read (by a node or as a graph output). */
  private static void unread(NodeIndex g, NodeProto node, int k, String what) {
    String value = node.getOutputCount() > k ? node.getOutput(k) : "";
    if (!value.isEmpty() && (!g.consumers(value).isEmpty() || g.isGraphOutput(value))) {
      throw fail(node, "its " + what + " is read; netc's recurrent layer gives "
          + (k == 2 ? "its states, not its cell" : "the top layer's states only"));
    }
  }

  /** netc's weight_ih, weight_hh and biases of each direction of stacked layer {@code layer}, from W, R and B. */
  private static Map<String, float[]> parameters(NodeIndex g, NodeProto node, RecurrentWeights cell,
      RecurrentAttributes a, int layer, int count) {
    int h = a.units();
    int gh = cell.gates() * h;
    int d = a.directions();
    float[] w = constant(g, node, 1, "W");
    float[] r = constant(g, node, 2, "R");
    float[] b = node.getInputCount() > 3 && !node.getInput(3).isEmpty() ? constant(g, node, 3, "B")
        : new float[d * 2 * gh];
    if (w.length % (d * gh) != 0 || r.length != d * gh * h || b.length != d * 2 * gh) {
      throw fail(node, "W, R, B of " + w.length + ", " + r.length + ", " + b.length + " floats do not fit "
          + d + " direction(s) of " + cell.gates() + " gates of " + h + " units");
    }
    int features = w.length / (d * gh);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (int k = 0; k < d; k++) {
      String suffix = count == 1 ? "" : "_l" + layer + (k == 0 ? "" : "_reverse");
      out.put("weight_ih" + suffix, cell.toNetcMatrix(Arrays.copyOfRange(w, k * gh * features,
          (k + 1) * gh * features), features, h));
      out.put("weight_hh" + suffix, cell.toNetcMatrix(Arrays.copyOfRange(r, k * gh * h, (k + 1) * gh * h), h, h));
      float[] bias = Arrays.copyOfRange(b, k * 2 * gh, (k + 1) * 2 * gh);
      float[] input = cell.netcInputBias(bias, h);
      switch (cell) {
        case RNN -> out.put("bias" + suffix, input);
        case GRU -> {
          out.put("bias_ih" + suffix, input);
          out.put("bias_hh" + suffix, cell.netcRecurrentBias(bias, h));
        }
        case LSTM -> {
          String[] gates = {"bias_i", "bias_f", "bias_g", "bias_o"};
          for (int j = 0; j < 4; j++) {
            out.put(gates[j] + suffix, Arrays.copyOfRange(input, j * h, (j + 1) * h));
          }
        }
      }
    }
    return out;
  }

  private static float[] constant(NodeIndex g, NodeProto node, int input, String name) {
    float[] v = node.getInputCount() > input ? g.floats(node.getInput(input)) : null;
    if (v == null) {
      throw fail(node, "its " + name + " is not a float constant; netc imports trained weights");
    }
    return v;
  }

  /**
   * The batch-first value an initial state input comes from, null for none or zeros; the nodes
   * between go to {@code nodes}.
   */
  private static String initial(NodeIndex g, NodeProto node, int input, int directions, boolean timeMajor,
      Set<NodeProto> nodes) {
    if (node.getInputCount() <= input || node.getInput(input).isEmpty()) {
      return null;
    }
    String value = node.getInput(input);
    NodeProto p = g.producer(value);
    String what = input == 5 ? "initial_h" : "initial_c";
    if (p != null && p.getOpType().equals("Slice") && g.producer(p.getInput(0), "ConstantOfShape") != null) {
      // one layer's rows of the zero state PyTorch builds for a whole stack
      nodes.add(p);
      p = g.producer(p.getInput(0));
    }
    if (p != null && p.getOpType().equals("ConstantOfShape")) {
      var fill = NodeIndex.attribute(p, "value");
      float[] zero = fill == null ? new float[1] : NodeIndex.floats(fill.getT());
      if (zero == null || zero.length != 1 || zero[0] != 0f) {
        throw fail(node, "its " + what + " is filled with " + Arrays.toString(zero) + "; netc starts from zero"
            + " or from another layer's value");
      }
      nodes.add(p);
      return null;
    }
    float[] constant = g.floats(value);
    if (constant != null && allZero(constant)) {
      return null;
    }
    if (!timeMajor) {
      return value;
    }
    long[] axes = p == null ? null : p.getOpType().equals("Unsqueeze") ? g.longs(p.getInput(1)) : null;
    boolean unsqueeze = directions == 1 && axes != null && Arrays.equals(axes, new long[] {0});
    boolean transpose = directions == 2 && p != null && p.getOpType().equals("Transpose")
        && Arrays.equals(NodeIndex.intsAttribute(p, "perm"), new long[] {1, 0, 2});
    if (!unsqueeze && !transpose) {
      throw fail(node, "its " + what + " " + value + " is neither zero nor a batch-first value moved to"
          + " [directions, batch, units] (Unsqueeze(0) for one direction, Transpose[1,0,2] for two)");
    }
    nodes.add(p);
    return p.getInput(0);
  }

  private static boolean allZero(float[] v) {
    for (float x : v) {
      if (x != 0f) {
        return false;
      }
    }
    return true;
  }

  /** {@code Gather(axis 1)} of the last step (index -1) of a batch-first sequence, or null. */
  private static NodeProto lastStep(NodeIndex g, String value) {
    List<NodeProto> readers = g.consumers(value);
    if (readers.size() != 1 || !readers.get(0).getOpType().equals("Gather") || g.isGraphOutput(value)) {
      return null;
    }
    NodeProto gather = readers.get(0);
    long[] index = g.longs(gather.getInput(1));
    var t = g.constant(gather.getInput(1));
    boolean scalar = t != null && t.getDimsCount() == 0;
    return NodeIndex.intAttribute(gather, "axis", 0) == 1 && scalar && index != null && index.length == 1 && index[0] == -1
        ? gather : null;
  }

  static IdiomException fail(NodeProto node, String why) {
    return new IdiomException(node, why);
  }
}
