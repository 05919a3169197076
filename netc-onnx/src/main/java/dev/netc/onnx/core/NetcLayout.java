package dev.netc.onnx.core;

import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.runtime.InputPort;
import dev.netc.runtime.OutputPort;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.io.WeightLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a checked network's parameters live in its flat buffer, computed from the graph exactly as
 * the generated class lays them out: layers in graph order, each layer's tensors in the order its
 * op declares them ({@link dev.netc.codegen.ops.Op#parameters}), contiguous, named {@code
 * layer.role}. Its {@link #weights()} is what a model file records, so a file written from it loads
 * into the generated class and a file of another network is refused.
 */
public final class NetcLayout {
  private final WeightLayout weights;
  private final Map<String, ParameterInfo> byName = new HashMap<>();

  private NetcLayout(WeightLayout weights) {
    this.weights = weights;
    for (ParameterInfo p : weights.parameters()) {
      byName.put(p.name(), p);
    }
  }

  /** The layout of {@code graph}'s generated class. */
  public static NetcLayout of(Graph graph) {
    List<ParameterInfo> params = new ArrayList<>();
    int offset = 0;
    for (Node node : graph.nodes()) {
      if (node.isInput()) {
        continue;
      }
      for (ParamSpec spec : node.params()) {
        params.add(new ParameterInfo(node.name() + "." + spec.role(), node.name(), offset, spec.shape().dims(),
            spec.init(), spec.fanIn(), spec.fanOut(), spec.trainable()));
        offset = Math.addExact(offset, (int) spec.shape().size());
      }
    }
    List<InputPort> inputs = new ArrayList<>();
    int inOffset = 0;
    for (Node in : graph.inputs()) {
      inputs.add(new InputPort(in.name(), in.shape().dims(), inOffset, in.isIntegerInput()));
      inOffset += (int) in.shape().size();
    }
    List<OutputPort> outputs = new ArrayList<>();
    int outOffset = 0;
    int targetOffset = 0;
    for (Output out : graph.outputs()) {
      Node node = out.node();
      int targetSize = (int) out.loss().targetSize(node.shape());
      outputs.add(new OutputPort(node.name(), node.shape().dims(), outOffset, out.loss().kind(), out.weight(),
          targetOffset, targetSize));
      outOffset += (int) node.shape().size();
      targetOffset += targetSize;
    }
    return new NetcLayout(new WeightLayout(graph.name(), params, inputs, outputs));
  }

  /** The network's name, parameter layout and ports, as model files record them. */
  public WeightLayout weights() {
    return weights;
  }

  /** The number of floats in the flat parameter buffer. */
  public int parameterCount() {
    return weights.parameterCount();
  }

  /** The tensor {@code role} of {@code layer}, or null when the layer has none. */
  public ParameterInfo tensor(String layer, String role) {
    return byName.get(layer + "." + role);
  }

  /** A copy of tensor {@code role} of {@code layer} out of the flat buffer {@code params}. */
  public float[] slice(float[] params, String layer, String role) {
    ParameterInfo p = tensor(layer, role);
    if (p == null) {
      throw new IllegalArgumentException("layer " + layer + " has no parameter " + role);
    }
    float[] v = new float[p.size()];
    System.arraycopy(params, p.offset(), v, 0, v.length);
    return v;
  }
}
