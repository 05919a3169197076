package dev.netc.runtime.io;

import dev.netc.runtime.InputPort;
import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;
import dev.netc.runtime.ParameterInfo;
import java.util.List;

/**
 * What a model file records about the network its weights belong to, and what a load checks: the
 * network's name, its parameter layout (hashed with {@link ModelFile#layoutHash}) and its inputs
 * and outputs. A generated model has one ({@link #of(Model)}); a tool that knows a network only as
 * a checked graph, such as the ONNX importer, builds the same description to write or read
 * weights without the generated class.
 *
 * @param network the network name
 * @param parameters the flat parameter buffer's tensors, in order
 * @param inputs the inputs in declaration (packing) order
 * @param outputs the outputs in declaration (packing) order
 */
public record WeightLayout(String network, List<ParameterInfo> parameters, List<InputPort> inputs,
    List<OutputPort> outputs) {

  /** Copies the lists. */
  public WeightLayout {
    parameters = List.copyOf(parameters);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * The layout of {@code model}.
   * @param model a model
   * @return its name, parameter layout and ports
   */
  public static WeightLayout of(Model model) {
    return new WeightLayout(model.name(), model.parameterInfo(), model.inputs(), model.outputs());
  }

  /** {@return the number of floats in the parameter buffer} */
  public int parameterCount() {
    int n = 0;
    for (ParameterInfo p : parameters) {
      n = Math.max(n, p.offset() + p.size());
    }
    return n;
  }

  /** {@return whether the network has several inputs or outputs: its files then record the ports} */
  boolean hasSeveralPorts() {
    return inputs.size() > 1 || outputs.size() > 1;
  }
}
