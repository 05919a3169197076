package dev.netc.onnx.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .net} text of an imported network as it is built: the input declarations, one
 * statement per layer with a comment naming the ONNX node(s) it came from, the outputs, and the
 * parameters of each layer in netc's layout.
 */
public final class NetSource {
  /** One layer: {@code name = op(args);  // comment}. */
  record Statement(String name, String call, String comment) {}

  private final List<String> inputs = new ArrayList<>();
  private final List<Statement> statements = new ArrayList<>();
  private final Map<String, Map<String, float[]>> params = new LinkedHashMap<>();

  /** Declares an input: {@code input name: float[dims];  // comment}. */
  void input(String name, String type, int[] dims, String comment) {
    inputs.add("input " + name + ": " + type + list(dims) + ";" + comment(comment));
  }

  void statement(String name, String call, String comment) {
    statements.add(new Statement(name, call, comment));
  }

  void param(String layer, String role, float[] values) {
    params.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(role, values);
  }

  /** The parameters collected for each layer, by role, in netc's layout. */
  public Map<String, Map<String, float[]>> params() {
    return params;
  }

  /** The number of layers so far. */
  public int layers() {
    return statements.size();
  }

  /**
   * The whole file: {@code header} comment lines, then the network with its {@code outputs} and
   * {@code tail} lines (losses) after the layers.
   */
  public String render(List<String> header, String network, List<String> outputs, List<String> tail) {
    StringBuilder sb = new StringBuilder();
    for (String h : header) {
      sb.append("// ").append(h).append('\n');
    }
    sb.append("network ").append(network).append(" {\n");
    for (String in : inputs) {
      sb.append("  ").append(in).append('\n');
    }
    int width = statements.stream().mapToInt(s -> s.name().length() + s.call().length() + 4).max().orElse(0);
    width = Math.min(width, 72);
    for (Statement s : statements) {
      String code = s.name() + " = " + s.call() + ";";
      sb.append("  ").append(code);
      if (!s.comment().isEmpty()) {
        sb.append(" ".repeat(Math.max(1, width - code.length() + 1))).append("// ").append(s.comment());
      }
      sb.append('\n');
    }
    boolean lastIsOutput = outputs.size() == 1 && !statements.isEmpty()
        && statements.get(statements.size() - 1).name().equals(outputs.get(0));
    if (!lastIsOutput) {
      sb.append("  output ").append(String.join(", ", outputs)).append(";\n");
    }
    for (String t : tail) {
      sb.append("  ").append(t).append('\n');
    }
    return sb.append("}\n").toString();
  }

  /** {@code [1, 28, 28]}. */
  public static String list(int[] dims) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return sb.append(']').toString();
  }

  private static String comment(String c) {
    return c.isEmpty() ? "" : "  // " + c;
  }
}
