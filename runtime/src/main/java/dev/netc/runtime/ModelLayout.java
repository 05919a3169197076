package dev.netc.runtime;

import java.util.List;

/**
 * Everything about a generated network that is fixed at build time, handed by the generated class
 * to {@link GeneratedModel}.
 *
 * @param name network name
 * @param inputShape per-example input shape
 * @param outputShape per-example output shape
 * @param targetSize floats per target example
 * @param loss declared loss
 * @param optimizer declared optimizer
 * @param training declared training settings
 * @param parameters layout of the flat parameter buffer, in order
 * @param bufferSizes floats per example of each workspace buffer
 * @param bufferNames what each workspace buffer holds, e.g. {@code "dense_1 output"}: lets the
 *     trainer name the first layer where a NaN appears
 * @param outputBuffer index of the workspace buffer that holds the network's output
 * @param summary the table {@link Model#summary()} returns, computed at build time
 * @param inputs the declared inputs, packed per example in this order ({@link InputPort})
 * @param outputs the outputs with their losses, packed per example in this order ({@link OutputPort})
 */
public record ModelLayout(
    String name,
    int[] inputShape,
    int[] outputShape,
    int targetSize,
    LossKind loss,
    OptimizerSpec optimizer,
    TrainingSpec training,
    List<ParameterInfo> parameters,
    int[] bufferSizes,
    List<String> bufferNames,
    int outputBuffer,
    String summary,
    List<InputPort> inputs,
    List<OutputPort> outputs) {

  /**
   * The layout of a network with one input and one output, both named after their role.
   *
   * @param name network name
   * @param inputShape per-example input shape
   * @param outputShape per-example output shape
   * @param targetSize floats per target example
   * @param loss declared loss
   * @param optimizer declared optimizer
   * @param training declared training settings
   * @param parameters layout of the flat parameter buffer, in order
   * @param bufferSizes floats per example of each workspace buffer
   * @param bufferNames what each workspace buffer holds
   * @param outputBuffer index of the workspace buffer that holds the network's output
   * @param summary the table {@link Model#summary()} returns
   */
  public ModelLayout(String name, int[] inputShape, int[] outputShape, int targetSize, LossKind loss,
      OptimizerSpec optimizer, TrainingSpec training, List<ParameterInfo> parameters, int[] bufferSizes,
      List<String> bufferNames, int outputBuffer, String summary) {
    this(name, inputShape, outputShape, targetSize, loss, optimizer, training, parameters, bufferSizes,
        bufferNames, outputBuffer, summary, List.of(new InputPort("input", inputShape, 0, false)),
        List.of(new OutputPort("output", outputShape, 0, loss, 1.0, 0, targetSize)));
  }

  /** {@return the number of floats in the parameter buffer} */
  public int parameterCount() {
    int n = 0;
    for (ParameterInfo p : parameters) {
      n = Math.max(n, p.offset() + p.size());
    }
    return n;
  }

  /**
   * What buffer {@code i} holds; large networks may leave the names out.
   * @param i the buffer's index
   * @return the buffer's name, or "workspace buffer i" when left out
   */
  public String bufferName(int i) {
    return i < bufferNames.size() ? bufferNames.get(i) : "workspace buffer " + i;
  }

  static int product(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
