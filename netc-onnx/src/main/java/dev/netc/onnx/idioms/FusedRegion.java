package dev.netc.onnx.idioms;

import java.util.Set;
import onnx.Onnx.NodeProto;

/** The nodes one fused layer replaces: checked closed, and grown by the arithmetic that only fed them. */
final class FusedRegion {
  private FusedRegion() {}

  /**
   * Adds to {@code nodes} every node whose outputs are read only inside them (the shape arithmetic
   * that computed their Slice bounds and Reshape targets), then checks that nothing outside reads a
   * value computed inside but {@code exit}: the fused layer has no other output. The nodes computing
   * {@code inputs} (the layer's inputs) stay outside even when only the region reads them.
   */
  static void close(NodeIndex g, Set<NodeProto> nodes, String exit, NodeProto anchor, String... inputs) {
    Set<NodeProto> outside = new java.util.HashSet<>();
    for (String in : inputs) {
      if (in != null && g.producer(in) != null) {
        outside.add(g.producer(in));
      }
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (NodeProto n : g.graph().getNodeList()) {
        if (!nodes.contains(n) && !outside.contains(n) && feedsOnly(g, n, nodes)) {
          nodes.add(n);
          grew = true;
        }
      }
    }
    for (NodeProto n : nodes) {
      for (String out : n.getOutputList()) {
        if (out.equals(exit) || out.isEmpty()) {
          continue;
        }
        if (g.isGraphOutput(out)) {
          throw new IdiomException(anchor, "an intermediate value "
              + out + " is a graph output; the netc layer it becomes gives only its result");
        }
        for (NodeProto reader : g.consumers(out)) {
          if (!nodes.contains(reader)) {
            throw new IdiomException(anchor, "an intermediate value "
                + out + " is also read by " + NodeIndex.describe(reader) + "; the netc layer it becomes gives"
                + " only its result");
          }
        }
      }
    }
  }

  /** Whether every output of {@code n} is read, and read only by {@code nodes} (and none is a graph output). */
  private static boolean feedsOnly(NodeIndex g, NodeProto n, Set<NodeProto> nodes) {
    boolean read = false;
    for (String out : n.getOutputList()) {
      if (g.isGraphOutput(out)) {
        return false;
      }
      for (NodeProto reader : g.consumers(out)) {
        if (!nodes.contains(reader)) {
          return false;
        }
        read = true;
      }
    }
    return read;
  }
}
