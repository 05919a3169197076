package dev.netc.onnx.idioms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * How the outputs of an ONNX recurrent node come back to a batch-first value (see {@link
 * RecurrentIdiom}): the nodes on the way, the value, and whether two directions are concatenated.
 */
final class RecurrentOutputs {
  final List<NodeProto> nodes;
  final String exit;
  final boolean concat;

  private RecurrentOutputs(List<NodeProto> nodes, String exit, boolean concat) {
    this.nodes = nodes;
    this.exit = exit;
    this.concat = concat;
  }

  /** Y [T, D, batch, H] (or [batch, T, D, H] with layout 1) to [batch, T, D*H] or [batch, T, H]; null when unread. */
  static RecurrentOutputs steps(NodeIndex g, NodeProto node, int directions, boolean timeMajor) {
    Walk w = new Walk(g, node, node.getOutput(0));
    if (w.unread()) {
      return null;
    }
    boolean concat = true;
    int axis = timeMajor ? 1 : 2;
    if (directions == 1) {
      w.squeeze(axis);
    } else if (w.next("ReduceSum") != null) {
      w.reduceSum(axis);
      concat = false;
    } else {
      if (timeMajor) {
        w.transpose(0, 2, 1, 3);
      }
      w.reshape(0, 0, -1);
    }
    if (timeMajor) {
      w.transpose(1, 0, 2);
    }
    return new RecurrentOutputs(w.nodes, w.value, concat);
  }

  /**
   * Y_h [D, batch, H] (or [batch, D, H] with layout 1) to [batch, D*H] or [batch, H], for one
   * direction also by {@code Gather} of its only row (PyTorch's {@code h_n[-1]}); null when unread.
   */
  static RecurrentOutputs last(NodeIndex g, NodeProto node, int directions, boolean timeMajor) {
    if (node.getOutputCount() < 2 || node.getOutput(1).isEmpty()) {
      return null;
    }
    Walk w = new Walk(g, node, node.getOutput(1));
    if (w.unread()) {
      return null;
    }
    boolean concat = true;
    int axis = timeMajor ? 0 : 1;
    if (directions == 1 && w.next("Gather") != null) {
      w.onlyDirection(axis);  // PyTorch's h_n[-1]
    } else if (directions == 1) {
      w.squeeze(axis);
    } else if (w.next("ReduceSum") != null) {
      w.reduceSum(axis);
      concat = false;
    } else {
      if (timeMajor) {
        w.transpose(1, 0, 2);
      }
      w.reshape(0, -1);
    }
    return new RecurrentOutputs(w.nodes, w.value, concat);
  }

  /**
   * The time-major steps of {@code node} merged ({@code Squeeze(1)}, or {@code Transpose[0,2,1,3] +
   * Reshape[0,0,-1]}) and read only by the next recurrent node of a stack, or null when they are not.
   */
  static RecurrentOutputs between(NodeIndex g, NodeProto node, int directions, boolean timeMajor) {
    Walk w = new Walk(g, node, node.getOutput(0));
    boolean merged = timeMajor && (directions == 1 ? w.next("Squeeze") != null : w.next("Transpose") != null);
    if (!merged) {
      return null;
    }
    try {
      if (directions == 1) {
        w.squeeze(1);
      } else {
        w.transpose(0, 2, 1, 3);
        w.reshape(0, 0, -1);
      }
    } catch (IdiomException notMerged) {
      return null;
    }
    NodeProto next = w.next(node.getOpType());
    return next != null && next.getInput(0).equals(w.value) ? new RecurrentOutputs(w.nodes, w.value, true) : null;
  }

  /** One step at a time along a chain of single readers, each checked. */
  private static final class Walk {
    private final NodeIndex g;
    private final NodeProto node;
    private final List<NodeProto> nodes = new ArrayList<>();
    private String value;

    Walk(NodeIndex g, NodeProto node, String value) {
      this.g = g;
      this.node = node;
      this.value = value;
    }

    boolean unread() {
      return g.consumers(value).isEmpty() && !g.isGraphOutput(value);
    }

    /** The one reader of the value when it is an {@code opType}, else null. */
    NodeProto next(String opType) {
      List<NodeProto> readers = g.consumers(value);
      return readers.size() == 1 && readers.get(0).getOpType().equals(opType) && !g.isGraphOutput(value)
          ? readers.get(0) : null;
    }

    private NodeProto step(String opType, String what) {
      NodeProto n = next(opType);
      if (n == null) {
        List<NodeProto> readers = g.consumers(value);
        throw RecurrentIdiom.fail(node, "its output " + value + " should go on through " + what + " (PyTorch's"
            + " batch-first wrapping), but is read by " + (readers.isEmpty() ? "the graph's outputs"
            : readers.stream().map(NodeIndex::describe).toList()));
      }
      nodes.add(n);
      value = n.getOutput(0);
      return n;
    }

    void squeeze(int axis) {
      NodeProto n = step("Squeeze", "Squeeze(" + axis + ")");
      long[] axes = n.getInputCount() > 1 ? g.longs(n.getInput(1)) : NodeIndex.intsAttribute(n, "axes");
      check(axes != null && axes.length == 1 && axes[0] == axis, n, "Squeeze(" + axis + ")");
    }

    /** {@code Gather(axis, -1 or 0)} of the one direction there is: the same as Squeeze. */
    void onlyDirection(int axis) {
      NodeProto n = step("Gather", "Gather(axis " + axis + ", -1)");
      long[] index = g.longs(n.getInput(1));
      var t = g.constant(n.getInput(1));
      check(t != null && t.getDimsCount() == 0 && index.length == 1 && (index[0] == -1 || index[0] == 0)
          && NodeIndex.intAttribute(n, "axis", 0) == axis, n, "Gather(axis " + axis + ") of index -1 or 0");
    }

    void reduceSum(int axis) {
      NodeProto n = step("ReduceSum", "ReduceSum(" + axis + ")");
      long[] axes = n.getInputCount() > 1 ? g.longs(n.getInput(1)) : NodeIndex.intsAttribute(n, "axes");
      check(axes != null && axes.length == 1 && axes[0] == axis && NodeIndex.intAttribute(n, "keepdims", 1) == 0,
          n, "ReduceSum(axes " + axis + ", keepdims 0)");
    }

    void transpose(long... perm) {
      NodeProto n = step("Transpose", "Transpose" + Arrays.toString(perm));
      check(Arrays.equals(NodeIndex.intsAttribute(n, "perm"), perm), n, "Transpose" + Arrays.toString(perm));
    }

    void reshape(long... shape) {
      NodeProto n = step("Reshape", "Reshape" + Arrays.toString(shape));
      check(Arrays.equals(g.longs(n.getInput(1)), shape), n, "Reshape" + Arrays.toString(shape));
    }

    private void check(boolean ok, NodeProto n, String expected) {
      if (!ok) {
        throw RecurrentIdiom.fail(node, "its output goes through " + NodeIndex.describe(n) + ", expected "
            + expected + " (PyTorch's batch-first wrapping)");
      }
    }
  }
}
