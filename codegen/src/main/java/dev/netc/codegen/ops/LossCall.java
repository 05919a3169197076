package dev.netc.codegen.ops;

import dev.netc.codegen.base.Shape;
import dev.netc.runtime.LossKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A loss as a network declares it: the catalogue entry and its resolved arguments. */
public record LossCall(LossDef def, Args args) {

  /** The loss's name in the .net language, such as {@code softmax_cross_entropy}. */
  public String name() {
    return def.name();
  }

  /** The runtime's name for the loss, written into the generated layout. */
  public LossKind kind() {
    return def.kind();
  }

  /** One line on what the loss computes, for generated Javadoc. */
  public String doc() {
    return def.doc();
  }

  /** Floats per target example for a network whose output has this shape. */
  public int targetSize(Shape output) {
    return def.targetSize(output, args);
  }

  /** The arrays the generated loss methods read, by field name. */
  public Map<String, float[]> constants(Shape output) {
    return def.constants(output, args);
  }

  /**
   * The loss as written, arguments that differ from their defaults included: {@code
   * softmax_cross_entropy(targets: class_index, label_smoothing: 0.1)}.
   */
  public String describe() {
    List<String> given = new ArrayList<>();
    for (ArgSpec spec : def.args()) {
      Object value = args.value(spec.name());
      if (value != null && !sameValue(value, spec.defaultValue())) {
        given.add(spec.name() + ": " + show(value));
      }
    }
    return given.isEmpty() ? def.name() : def.name() + "(" + String.join(", ", given) + ")";
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof double[] x && b instanceof double[] y) {
      return Arrays.equals(x, y);
    }
    return a.equals(b);
  }

  private static String show(Object value) {
    if (value instanceof double[] list && list.length > 8) {
      return "[" + list.length + " values]"; // a weight per class of a large vocabulary: not in a header line
    }
    if (value instanceof double[] list) {
      List<String> items = new ArrayList<>();
      for (double v : list) {
        items.add(number(v));
      }
      return "[" + String.join(", ", items) + "]";
    }
    return value instanceof Double d ? number(d) : value.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
  }
}
