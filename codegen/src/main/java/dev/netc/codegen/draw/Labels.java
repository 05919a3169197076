package dev.netc.codegen.draw;

import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.ops.ArgSpec;
import dev.netc.codegen.ops.Args;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text of the drawing's boxes: a layer's name, its op with the arguments that say what it is
 * ({@code conv2d 32 3x3 padding same}), its output shape; a loss's call and weight.
 */
final class Labels {
  private Labels() {}

  /** Window arguments, shown even at their default: a {@code conv2d 32} says nothing of its kernel. */
  private static final Set<String> ALWAYS_SHOWN = Set.of("kernel", "size");

  /** Arguments written as their value alone: {@code dense 128 relu}, not {@code activation relu}. */
  private static final Set<String> VALUE_ONLY = Set.of("activation");

  /** The op line: {@code input float}, {@code conv2d 32 3x3 relu}, {@code add}. */
  static String op(Node node) {
    if (node.isInput()) {
      return node.isIntegerInput() ? "input int" : "input float";
    }
    List<String> parts = new ArrayList<>();
    parts.add(node.opName());
    Args args = node.args();
    int spatial = node.shape().rank() == 3 ? 2 : 1;
    for (ArgSpec spec : node.op().args()) {
      Object value = args == null ? null : args.value(spec.name());
      if (value == null) {
        continue;
      }
      boolean given = spec.isRequired() || !same(value, spec.defaultValue());
      if (!given && !ALWAYS_SHOWN.contains(spec.name())) {
        continue;
      }
      parts.add(argument(spec.name(), value, spec.isRequired(), spatial));
    }
    return String.join(" ", parts);
  }

  /** The shape line: {@code [32, 28, 28]}. */
  static String shape(Node node) {
    return node.shape().toString();
  }

  /** The loss line: {@code softmax_cross_entropy(label_smoothing: 0.1)}. */
  static String loss(Output output) {
    return output.loss().describe();
  }

  /** The weight line of a loss among several, or null when it is the only one at weight 1. */
  static String weight(Output output, int outputs) {
    if (outputs == 1 && output.weight() == 1.0) {
      return null;
    }
    return "weight " + number(output.weight());
  }

  /** Trainable and other parameters of a layer, for its tooltip: {@code 9,248 parameters}. */
  static long parameters(Node node) {
    long n = 0;
    for (ParamSpec p : node.params()) {
      n += p.shape().size();
    }
    return n;
  }

  /** A count with thousands separators, locale-independent: {@code 1,234,567}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String argument(String name, Object value, boolean required, int spatial) {
    if (value instanceof Boolean b) {
      return b ? name : "no " + name;
    }
    String shown = value(name, value, spatial);
    return required || VALUE_ONLY.contains(name) || ALWAYS_SHOWN.contains(name) ? shown : name + " " + shown;
  }

  private static String value(String name, Object value, int spatial) {
    if (value instanceof int[] list) {
      if (list.length == 1 && spatial == 2 && ALWAYS_SHOWN.contains(name)) {
        return list[0] + "x" + list[0]; // one number stands for every spatial axis
      }
      List<String> items = new ArrayList<>();
      for (int v : list) {
        items.add(Integer.toString(v));
      }
      return isWindow(name) || ALWAYS_SHOWN.contains(name) ? String.join("x", items)
          : "[" + String.join(", ", items) + "]";
    }
    if (value instanceof double[] list) {
      List<String> items = new ArrayList<>();
      for (double v : list) {
        items.add(number(v));
      }
      return list.length > 6 ? "[" + list.length + " values]" : "[" + String.join(", ", items) + "]";
    }
    if (value instanceof Double d) {
      return number(d);
    }
    return String.valueOf(value);
  }

  /** Per-axis window settings, written {@code 2x2} like the kernel. */
  private static boolean isWindow(String name) {
    return name.equals("stride") || name.equals("dilation") || name.equals("factor");
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof int[] x && b instanceof int[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof double[] x && b instanceof double[] y) {
      return Arrays.equals(x, y);
    }
    return a.equals(b);
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
  }
}
