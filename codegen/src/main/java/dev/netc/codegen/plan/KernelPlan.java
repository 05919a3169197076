package dev.netc.codegen.plan;
import dev.netc.codegen.ops.Kernel;

import dev.netc.codegen.ir.Node;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel decisions for one network, in layer order: what the emitter follows and what the
 * build report shows. Only layers with a matrix product appear.
 */
public final class KernelPlan {
  private final String network;
  private final List<KernelDecision> decisions;
  /** Nodes hash their whole input chain: keyed by identity. */
  private final Map<Node, KernelDecision> byNode;

  KernelPlan(String network, List<KernelDecision> decisions, IdentityHashMap<Node, KernelDecision> byNode) {
    this.network = network;
    this.decisions = List.copyOf(decisions);
    this.byNode = byNode;
  }

  /** The network's name: the generated class's simple name. */
  public String network() {
    return network;
  }

  public List<KernelDecision> decisions() {
    return decisions;
  }

  /** The decision for {@code node}, or null when it has no matrix product. */
  public KernelDecision decisionOf(Node node) {
    return byNode.get(node);
  }

  /** The kernel {@code node}'s code uses; GEMM for layers the plan does not cover. */
  public Kernel kernelOf(Node node) {
    KernelDecision d = byNode.get(node);
    return d == null ? Kernel.GEMM : d.kernel();
  }

  /** The report, one {@link KernelDecision#reportLine()} per line. */
  public List<String> reportLines() {
    return decisions.stream().map(d -> network + "." + d.reportLine()).toList();
  }
}
