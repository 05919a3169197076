package dev.netc.codegen.emit;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.plan.KernelDecision;
import dev.netc.codegen.plan.KernelPlan;
import java.util.List;

/**
 * The build-time report of a network: per layer its op, output shape, parameters, FLOPs and the
 * kernel the cost model chose for its matrix product (with the reason), and the totals. It is what {@code Model.summary()} returns and what the
 * generated Javadoc shows.
 */
final class Summary {
  private Summary() {}

  /** Rows beyond this are elided so the constant stays far below the class-file string limit. */
  static final int MAX_ROWS = 200;

  static String table(Graph graph, Layout layout, KernelPlan plan) {
    StringBuilder out = new StringBuilder();
    String format = "%-16s %-22s %-18s %12s %14s  %s%n";
    out.append(String.format(format, "layer", "op", "output", "parameters", "FLOPs", "kernel"));
    long totalFlops = 0;
    List<Node> nodes = graph.nodes();
    int row = 0;
    for (Node node : nodes) {
      long params = node.params().stream().mapToLong(p -> p.shape().size()).sum();
      long flops = node.isInput() ? 0 : node.op().flops(node.input().shape(), node.shape(), node.args());
      totalFlops += flops;
      if (row++ < MAX_ROWS) {
        String op = node.isInput() ? "input" : node.op().describe(node.args());
        KernelDecision kernel = plan.decisionOf(node);
        out.append(String.format(format, clip(node.name(), 16), clip(op, 22),
            clip(node.shape().toString(), 18), params, flops, kernel == null ? "-" : kernel.cell()));
      }
    }
    if (nodes.size() > MAX_ROWS) {
      out.append("... ").append(nodes.size() - MAX_ROWS).append(" more layers\n");
    }
    out.append(String.format("%s; optimizer %s%n", losses(graph), graph.optimizer()));
    out.append(String.format("parameters %d (%s), forward FLOPs per example %d, workspace %s per example%n",
        layout.parameterCount, bytes(4L * layout.parameterCount), totalFlops,
        bytes(4 * layout.workspaceFloatsPerExample())));
    return out.toString();
  }

  /** {@code loss mse}, or with several outputs {@code losses logits softmax_cross_entropy, aux mse x 0.1}. */
  private static String losses(Graph graph) {
    if (!graph.packsOutputs()) {
      return "loss " + graph.loss().name();
    }
    return "losses " + String.join(", ", graph.outputs().stream().map(o -> o.node().name() + " "
        + o.loss().name() + (o.weight() == 1 ? "" : " x " + o.weight())).toList());
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "~";
  }

  static String bytes(long n) {
    if (n < 10 * 1024) {
      return n + " B";
    }
    if (n < 10L * 1024 * 1024) {
      return (n / 1024) + " KiB";
    }
    return (n / (1024 * 1024)) + " MiB";
  }
}
