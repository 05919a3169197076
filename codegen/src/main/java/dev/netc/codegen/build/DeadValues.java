package dev.netc.codegen.build;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.ir.Node;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values no output depends on. A layer computed for nothing (an unused branch) is a warning at the
 * end of the dead branch, since the model still works; an input no output reads is an error, since
 * every prediction would have to pass data that changes nothing.
 */
final class DeadValues {
  private DeadValues() {}

  /** Reports dead values; false when an input is unused. */
  static boolean check(List<Node> nodes, List<Node> outputs, Diagnostics diags) {
    Map<Node, Boolean> live = new IdentityHashMap<>();
    Map<Node, Boolean> read = new IdentityHashMap<>();
    outputs.forEach(o -> live.put(o, true));
    // reverse topological order: a node is live when a live node reads it
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node n = nodes.get(i);
      for (Node in : n.inputs()) {
        read.put(in, true);
        if (live.containsKey(n)) {
          live.put(in, true);
        }
      }
    }
    boolean ok = true;
    for (Node n : nodes) {
      if (live.containsKey(n)) {
        continue;
      }
      if (n.isInput()) {
        diags.error(n.pos(), "input " + n.name() + " is never used: no output depends on it; use it"
            + " (for example concat(..., " + n.name() + ")) or remove it; targets are no inputs: the"
            + " trainer passes them to the loss");
        ok = false;
      } else if (!read.containsKey(n)) {
        diags.warning(n.pos(), "value " + n.name() + " is computed but never used: no output depends on it;"
            + " remove it, or add it to the outputs (output ..., " + n.name() + ") with a loss");
      }
    }
    return ok;
  }
}
