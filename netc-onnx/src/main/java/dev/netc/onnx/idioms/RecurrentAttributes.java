package dev.netc.onnx.idioms;

import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;

/**
 * The attributes of an ONNX {@code RNN}, {@code GRU} or {@code LSTM}, checked against what netc's
 * layers compute.
 *
 * @param units hidden_size
 * @param directions 1, or 2 for {@code direction = bidirectional}
 * @param reverse {@code direction = reverse}
 * @param relu for RNN, whether the activation is Relu (else Tanh)
 * @param layout 0 (time-major) or 1 (batch-major)
 */
record RecurrentAttributes(int units, int directions, boolean reverse, boolean relu, int layout) {

  static RecurrentAttributes check(NodeIndex g, NodeProto node, RecurrentWeights cell) {
    for (AttributeProto a : node.getAttributeList()) {
      switch (a.getName()) {
        case "hidden_size", "direction", "activations", "layout" -> { }
        case "linear_before_reset" -> {
          if (a.getI() != 1) {
            throw RecurrentIdiom.fail(node, "linear_before_reset = " + a.getI() + ": a GRU whose reset gate"
                + " multiplies h before W_hn, a different cell from netc's gru (PyTorch's, linear_before_reset = 1)");
          }
        }
        case "input_forget" -> {
          if (a.getI() != 0) {
            throw RecurrentIdiom.fail(node, "input_forget = 1 (coupled input and forget gates) is not netc's lstm");
          }
        }
        case "clip" -> throw RecurrentIdiom.fail(node, "clip (cell clipping) is not supported by netc's "
            + cell.name().toLowerCase() + "; remove it from the export");
        case "activation_alpha", "activation_beta" -> throw RecurrentIdiom.fail(node, a.getName()
            + " (parametrised activations) is not supported");
        default -> throw RecurrentIdiom.fail(node, "unknown attribute " + a.getName());
      }
    }
    if (cell == RecurrentWeights.GRU && NodeIndex.attribute(node, "linear_before_reset") == null) {
      throw RecurrentIdiom.fail(node, "linear_before_reset = 0 (ONNX's default): a GRU whose reset gate multiplies"
          + " h before W_hn, a different cell from netc's gru (PyTorch's, linear_before_reset = 1)");
    }
    for (int i = 4; i < node.getInputCount(); i++) {
      boolean empty = node.getInput(i).isEmpty();
      if (i == 4 && !empty) {
        throw RecurrentIdiom.fail(node, "sequence_lens " + node.getInput(i) + " is given; netc's layers run every"
            + " example for all T steps");
      }
      if (i == 7 && !empty && !zeros(g.floats(node.getInput(i)))) {
        throw RecurrentIdiom.fail(node, "peephole weights P are not zero; netc's lstm has no peepholes");
      }
    }
    AttributeProto direction = NodeIndex.attribute(node, "direction");
    String dir = direction == null ? "forward" : direction.getS().toStringUtf8();
    if (!List.of("forward", "reverse", "bidirectional").contains(dir)) {
      throw RecurrentIdiom.fail(node, "unknown direction " + dir);
    }
    int directions = dir.equals("bidirectional") ? 2 : 1;
    long layout = NodeIndex.intAttribute(node, "layout", 0);
    if (layout != 0 && layout != 1) {
      throw RecurrentIdiom.fail(node, "unknown layout " + layout);
    }
    boolean relu = activations(node, cell, directions);
    long units = NodeIndex.intAttribute(node, "hidden_size", -1);
    var r = g.constant(node.getInput(2));
    if (units <= 0 && r != null && r.getDimsCount() == 3) {
      units = r.getDims(2);
    }
    if (units <= 0) {
      throw RecurrentIdiom.fail(node, "no hidden_size and no constant R to read it from");
    }
    return new RecurrentAttributes((int) units, directions, dir.equals("reverse"), relu, (int) layout);
  }

  /** Checks the activations are netc's (the defaults; RNN Tanh or Relu alike in every direction); true for Relu. */
  private static boolean activations(NodeProto node, RecurrentWeights cell, int directions) {
    AttributeProto a = NodeIndex.attribute(node, "activations");
    if (a == null) {
      return false;
    }
    List<String> given = a.getStringsList().stream().map(s -> s.toStringUtf8()).toList();
    List<String> one = switch (cell) {
      case RNN -> given.isEmpty() ? List.of("Tanh") : List.of(given.get(0));
      case GRU -> List.of("Sigmoid", "Tanh");
      case LSTM -> List.of("Sigmoid", "Tanh", "Tanh");
    };
    boolean supported = cell != RecurrentWeights.RNN || one.get(0).equals("Tanh") || one.get(0).equals("Relu");
    for (int i = 0; i < given.size(); i++) {
      supported &= given.get(i).equals(one.get(i % one.size())) && given.size() % one.size() == 0
          && given.size() <= one.size() * directions;
    }
    if (!supported) {
      throw RecurrentIdiom.fail(node, "activations " + given + " are not netc's (" + (cell == RecurrentWeights.RNN
          ? "Tanh or Relu" : one) + ")");
    }
    return cell == RecurrentWeights.RNN && one.get(0).equals("Relu");
  }

  private static boolean zeros(float[] v) {
    if (v == null) {
      return false;
    }
    for (float x : v) {
      if (x != 0f) {
        return false;
      }
    }
    return true;
  }
}
