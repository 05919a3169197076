package dev.netc.onnx.core;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;

/**
 * What an {@link OnnxOp} exports into: the ONNX graph being built, the network's weights, and the
 * names of values. A netc value keeps its layer's name in ONNX ({@code dense_1}); values inside one
 * layer's nodes are named after the layer ({@code dense_1/pre}), initializers after the layer and
 * role ({@code dense_1.weight}), and ONNX nodes after the layer (the first) or the layer and their
 * op type (the others, {@code dense_1/Relu}).
 */
public final class ExportContext {
  private final Graph graph;
  private final float[] params;
  private final NetcLayout layout;
  private final GraphProto.Builder onnx;
  private final Set<String> names = new HashSet<>();
  private final Set<String> nodeNames = new HashSet<>();
  private final Map<Node, String> aliases = new IdentityHashMap<>();

  /** Exports {@code graph} with {@code params} (laid out as {@code layout} says) into {@code onnx}. */
  public ExportContext(Graph graph, float[] params, NetcLayout layout, GraphProto.Builder onnx) {
    this.graph = graph;
    this.params = params;
    this.layout = layout;
    this.onnx = onnx;
    for (Node n : graph.nodes()) {
      names.add(n.name());
    }
  }

  /** The network being exported. */
  public Graph graph() {
    return graph;
  }

  /** The ONNX value holding {@code node}'s output: its layer (or input) name, unless it is an alias. */
  public String valueName(Node node) {
    return aliases.getOrDefault(node, node.name());
  }

  /** Makes {@code node}'s value the ONNX value {@code value}: a layer with no ONNX node (dropout). */
  public void alias(Node node, String value) {
    aliases.put(node, value);
  }

  /** Whether {@code node} is one of the network's outputs (its value must then be its own). */
  public boolean isOutput(Node node) {
    return graph.outputs().stream().anyMatch(o -> o.node() == node);
  }

  /** The ONNX value {@code node} reads as its {@code i}-th input. */
  public String input(Node node, int i) {
    return valueName(node.inputs().get(i));
  }

  /** The ONNX value {@code node}'s nodes must leave its result in. */
  public String output(Node node) {
    return valueName(node);
  }

  /** A fresh value name for an intermediate result inside {@code node}'s nodes: {@code layer/what}. */
  public String temp(Node node, String what) {
    return unique(node.name() + "/" + what, names);
  }

  /** Per-example shape of {@code node}'s {@code i}-th input. */
  public int[] inputShape(Node node, int i) {
    return node.inputs().get(i).shape().dims();
  }

  /** The values of parameter {@code role} of {@code node}, in netc's layout. */
  public float[] param(Node node, String role) {
    return layout.slice(params, node.name(), role);
  }

  /** Whether {@code node} has a parameter {@code role} (a bias that may be switched off). */
  public boolean hasParam(Node node, String role) {
    return layout.tensor(node.name(), role) != null;
  }

  /** Adds a float initializer called {@code name} (made unique) and returns its name. */
  public String initializer(String name, float[] values, long... dims) {
    String unique = unique(name, names);
    onnx.addInitializer(Tensors.floats(unique, values, dims));
    return unique;
  }

  /** Adds a 1-d int64 initializer (shapes, axes) and returns its name. */
  public String ints(String name, long... values) {
    String unique = unique(name, names);
    onnx.addInitializer(Tensors.longs(unique, values, values.length));
    return unique;
  }

  /** Adds a float scalar initializer and returns its name. */
  public String scalar(String name, float value) {
    return initializer(name, new float[] {value});
  }

  /**
   * Adds an ONNX node for {@code origin}: named after the layer when it is the layer's first node,
   * otherwise {@code layer/OpType}.
   */
  public NodeProto add(Node origin, String opType, List<String> inputs, List<String> outputs,
      AttributeProto... attributes) {
    String name = nodeNames.contains(origin.name()) ? unique(origin.name() + "/" + opType, nodeNames)
        : unique(origin.name(), nodeNames);
    NodeProto node = NodeProto.newBuilder().setName(name).setOpType(opType).addAllInput(inputs)
        .addAllOutput(outputs).addAllAttribute(Arrays.asList(attributes)).build();
    onnx.addNode(node);
    return node;
  }

  /** A single-input, single-output node. */
  public NodeProto add(Node origin, String opType, String input, String output, AttributeProto... attributes) {
    return add(origin, opType, List.of(input), List.of(output), attributes);
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = name + "_" + i;
    }
    return candidate;
  }
}
