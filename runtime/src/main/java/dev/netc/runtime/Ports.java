package dev.netc.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked moves between per-port arrays and a model's packed arrays, behind {@link Model}'s
 * port methods ({@link Model#packInputs}, {@link Model#predict(Map)}, ...). Every size mistake is
 * reported with the port's name and shape, the floats expected and the floats given.
 */
final class Ports {
  private Ports() {}

  /** The input called {@code name}, or a failure listing the inputs there are. */
  static InputPort input(Model model, String name) {
    for (InputPort p : model.inputs()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("network " + model.name() + " has no input named " + name
        + "; its inputs are " + model.inputs());
  }

  /** The output called {@code name}, or a failure listing the outputs there are. */
  static OutputPort output(Model model, String name) {
    for (OutputPort p : model.outputs()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("network " + model.name() + " has no output named " + name
        + "; its outputs are " + names(model.outputs()));
  }

  /** Packs {@code perInput} (declaration order, {@code batch} examples each) into {@code packed}. */
  static void packInputs(Model model, float[] packed, int batch, float[][] perInput) {
    List<InputPort> ports = model.inputs();
    requireCount(model, ports, perInput.length, "input");
    int stride = model.inputSize();
    requirePacked(packed, stride, batch, "packed input");
    for (int i = 0; i < ports.size(); i++) {
      InputPort p = ports.get(i);
      requireLength(model, "input", p.name(), p.shape(), perInput[i], p.size(), batch);
      Packing.pack(perInput[i], p.size(), packed, stride, p.offset(), batch);
    }
  }

  /** Packs {@code perOutput} targets (output declaration order) into {@code packed}. */
  static void packTargets(Model model, float[] packed, int batch, float[][] perOutput) {
    List<OutputPort> ports = model.outputs();
    requireCount(model, ports, perOutput.length, "output");
    int stride = model.targetSize();
    requirePacked(packed, stride, batch, "packed target");
    for (int i = 0; i < ports.size(); i++) {
      OutputPort p = ports.get(i);
      if (perOutput[i] == null || perOutput[i].length != (long) p.targetSize() * batch) {
        throw new IllegalArgumentException("the target of output " + p.name() + " of network "
            + model.name() + " (loss " + p.loss() + ") is " + p.targetSize() + " floats per example: a batch of "
            + batch + " is " + (long) p.targetSize() * batch + " floats, got " + length(perOutput[i]));
      }
      Packing.pack(perOutput[i], p.targetSize(), packed, stride, p.targetOffset(), batch);
    }
  }

  /** Copies output {@code name} of {@code batch} packed output examples into {@code dst}. */
  static void unpackOutput(Model model, float[] packed, int batch, String name, float[] dst) {
    OutputPort p = output(model, name);
    requirePacked(packed, model.outputSize(), batch, "packed output");
    if (dst.length < (long) p.size() * batch) {
      throw new IllegalArgumentException("output " + p.name() + " of a batch of " + batch + " is "
          + (long) p.size() * batch + " floats, the array given holds " + dst.length);
    }
    Packing.unpack(packed, model.outputSize(), p.offset(), p.size(), dst, batch);
  }

  /** Packs one example given by input name, rejecting a missing, unknown or wrongly sized one. */
  static float[][] inDeclarationOrder(Model model, Map<String, float[]> byName) {
    List<InputPort> ports = model.inputs();
    for (String name : byName.keySet()) {
      input(model, name);
    }
    float[][] ordered = new float[ports.size()][];
    for (int i = 0; i < ports.size(); i++) {
      InputPort p = ports.get(i);
      ordered[i] = byName.get(p.name());
      if (ordered[i] == null) {
        throw new IllegalArgumentException("no value for input " + p + " of network " + model.name()
            + ": a prediction needs every input, " + ports);
      }
    }
    return ordered;
  }

  /** One example's outputs by name, in declaration order. */
  static Map<String, float[]> byName(Model model, float[][] outputs) {
    Map<String, float[]> map = new LinkedHashMap<>();
    List<OutputPort> ports = model.outputs();
    for (int i = 0; i < ports.size(); i++) {
      map.put(ports.get(i).name(), outputs[i]);
    }
    return map;
  }

  /** New arrays, one per output, each one example long. */
  static float[][] newOutputs(Model model) {
    List<OutputPort> ports = model.outputs();
    float[][] out = new float[ports.size()][];
    for (int i = 0; i < ports.size(); i++) {
      out[i] = new float[ports.get(i).size()];
    }
    return out;
  }

  /** Checks one example's per-output arrays: one per output, each exactly its size. */
  static void requireOutputs(Model model, float[][] outputs) {
    List<OutputPort> ports = model.outputs();
    requireCount(model, ports, outputs.length, "output");
    for (int i = 0; i < ports.size(); i++) {
      OutputPort p = ports.get(i);
      requireLength(model, "output", p.name(), p.shape(), outputs[i], p.size(), 1);
    }
  }

  /** Splits one packed output example into {@code outputs}. */
  static void split(Model model, float[] packed, float[][] outputs) {
    List<OutputPort> ports = model.outputs();
    for (int i = 0; i < ports.size(); i++) {
      OutputPort p = ports.get(i);
      System.arraycopy(packed, p.offset(), outputs[i], 0, p.size());
    }
  }

  /** {@code logits[10], aux[10]}: names and shapes without the losses. */
  static String names(List<OutputPort> ports) {
    StringBuilder s = new StringBuilder("[");
    for (OutputPort p : ports) {
      s.append(s.length() > 1 ? ", " : "").append(p.name()).append(java.util.Arrays.toString(p.shape()));
    }
    return s.append(']').toString();
  }

  /** Rejects {@code given} arrays for {@code ports}; the message is built only on failure (no garbage). */
  private static void requireCount(Model model, List<?> ports, int given, String what) {
    int expected = ports.size();
    if (given != expected) {
      String list = what.equals("input") ? model.inputs().toString() : names(model.outputs());
      throw new IllegalArgumentException("network " + model.name() + " has " + expected + " " + what
          + (expected == 1 ? " " : "s ") + list + " (in this order), got " + given + " arrays");
    }
  }

  /**
   * Rejects an array that is not exactly {@code batch} examples of one port: for one example
   * ({@code batch} 1) "one example is n floats", for a batch "a batch of b is n floats".
   */
  static void requireLength(Model model, String what, String name, int[] shape, float[] data, int size, int batch) {
    if (data == null || data.length != (long) size * batch) {
      throw new IllegalArgumentException(what + " " + name + " of network " + model.name() + " is float"
          + java.util.Arrays.toString(shape) + ": " + (batch == 1 ? "one example is " + size
              : "a batch of " + batch + " is " + (long) size * batch) + " floats, got " + length(data));
    }
  }

  private static void requirePacked(float[] packed, int stride, int batch, String what) {
    if (packed.length < (long) stride * batch) {
      throw new IllegalArgumentException(what + " has " + packed.length + " floats, a batch of " + batch
          + " needs " + (long) stride * batch);
    }
  }

  private static String length(float[] data) {
    return data == null ? "null" : Integer.toString(data.length);
  }
}
