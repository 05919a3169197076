package dev.netc.codegen.emit;

import dev.netc.codegen.base.Names;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.ops.Op;
import dev.netc.codegen.plan.KernelPlan;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where everything lives at run time: each parameter's offset in the flat buffer and each
 * value's workspace buffer. Views (flatten, reshape) share their input's buffers.
 */
final class Layout {

  /** A workspace buffer: its constant name, floats per example and what it holds. */
  record Buffer(String constant, long size, String doc) {}

  /** A parameter tensor: its offset constant and offset. */
  record Param(Node node, ParamSpec spec, String constant, int offset) {}

  final List<Param> params = new ArrayList<>();
  final Map<Node, Map<String, String>> paramConstants = new IdentityHashMap<>();
  final List<Buffer> buffers = new ArrayList<>();
  /** Buffer constant holding each node's output, or null for the network input (one input: {@code in}). */
  private final Map<Node, String> valueBuffer = new IdentityHashMap<>();
  private final Map<Node, String> gradBuffer = new IdentityHashMap<>();
  final Map<Node, Map<String, String>> extraBuffers = new IdentityHashMap<>();
  private final Map<Node, String> targetBuffer = new IdentityHashMap<>();
  private final String packedOutputs;
  final int parameterCount;

  /** {@code plan}'s kernels decide the extra buffers of layers whose workspace depends on them (conv). */
  Layout(Graph graph, KernelPlan plan) {
    int offset = 0;
    boolean packedInputs = graph.packsInputs();
    for (Node node : graph.nodes()) {
      if (node.isInput()) {
        if (packedInputs) {
          // several inputs arrive packed per example: each is split into a buffer of its own first
          String base = Names.constant(node.name());
          valueBuffer.put(node, add("IN_" + base, node.shape().size(), "input " + node.name() + " "
              + node.shape().describe()));
          gradBuffer.put(node, add("GRAD_" + base, node.shape().size(), "gradient of input " + node.name()));
        }
        continue;
      }
      Map<String, String> constants = new LinkedHashMap<>();
      for (ParamSpec spec : node.params()) {
        String constant = Names.constant(node.name()) + "_" + Names.constant(spec.role());
        params.add(new Param(node, spec, constant, offset));
        constants.put(spec.role(), constant);
        offset += (int) spec.shape().size();
      }
      paramConstants.put(node, constants);
      if (node.isView()) {
        valueBuffer.put(node, valueBuffer.get(node.input()));
        gradBuffer.put(node, gradBuffer.get(node.input()));
        continue;
      }
      String base = Names.constant(node.name());
      valueBuffer.put(node, add("OUT_" + base, node.shape().size(), node.name() + " output " + node.shape().describe()));
      gradBuffer.put(node, add("GRAD_" + base, node.shape().size(), "gradient of " + node.name()));
      Op op = node.op();
      Map<String, String> extras = new LinkedHashMap<>();
      for (Op.ExtraBuffer extra : op.extraBuffers(node.input().shape(), node.shape(), node.args(),
          plan.kernelOf(node))) {
        extras.put(extra.name(), add(Names.constant(extra.name()) + "_" + base, extra.size(),
            node.name() + " " + extra.doc()));
      }
      extraBuffers.put(node, extras);
    }
    parameterCount = offset;
    if (graph.packsOutputs()) {
      long outputs = 0;
      for (Output out : graph.outputs()) {
        outputs += out.node().shape().size();
        targetBuffer.put(out.node(), add("TARGET_" + Names.constant(out.node().name()),
            out.loss().targetSize(out.node().shape()), "target of " + out.node().name()));
      }
      packedOutputs = add("OUTPUTS", outputs, "the outputs packed per example");
    } else {
      packedOutputs = null;
    }
  }

  /** The buffer holding the outputs packed per example, or null when the network has one output. */
  String packedOutputs() {
    return packedOutputs;
  }

  /** The buffer an output's target slice is split into, or null when the network has one output. */
  String targetBuffer(Node output) {
    return targetBuffer.get(output);
  }

  private String add(String constant, long size, String doc) {
    buffers.add(new Buffer(constant, size, doc));
    return constant;
  }

  /** The buffer holding the node's value; null means the network input array {@code in}. */
  String valueBuffer(Node node) {
    return valueBuffer.get(node);
  }

  /** The buffer holding the node's gradient; null means the input gradient. */
  String gradBuffer(Node node) {
    return gradBuffer.get(node);
  }

  long workspaceFloatsPerExample() {
    return buffers.stream().mapToLong(Buffer::size).sum();
  }
}
