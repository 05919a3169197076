package dev.netc.codegen.ops;

import java.util.List;

/** What an op argument accepts; {@link ArgResolver} checks values against it. */
public sealed interface ArgType {

  /** A short phrase for messages: "a positive integer", "one of relu, tanh". */
  String describe();

  /** An integer in [min, max]. */
  record IntType(long min, long max) implements ArgType {
    @Override
    public String describe() {
      if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
        return "an integer";
      }
      if (min == 1 && max == Integer.MAX_VALUE) {
        return "a positive integer";
      }
      if (min == 0 && max == Integer.MAX_VALUE) {
        return "a non-negative integer";
      }
      return "an integer from " + min + " to " + max;
    }
  }

  /** A number in [min, max] (or [min, max) when {@code maxExclusive}). */
  record FloatType(double min, double max, boolean maxExclusive) implements ArgType {
    @Override
    public String describe() {
      if (min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY) {
        return "a number";
      }
      if (max == Double.POSITIVE_INFINITY) {
        return min == 0 ? "a non-negative number" : "a number >= " + min;
      }
      return "a number in [" + min + ", " + max + (maxExclusive ? ")" : "]");
    }
  }

  /** {@code true} or {@code false}. */
  record BoolType() implements ArgType {
    @Override
    public String describe() {
      return "true or false";
    }
  }

  /** One of a fixed set of identifiers. */
  record EnumType(List<String> choices) implements ArgType {
    @Override
    public String describe() {
      return "one of " + String.join(", ", choices);
    }
  }

  /** A list of integers (or a single integer), each at least {@code min}; -1 allowed when {@code allowInfer}. */
  record IntListType(long min, boolean allowInfer) implements ArgType {
    @Override
    public String describe() {
      return min == 0 ? "a list of non-negative integers such as [1, 1]"
          : "a list of positive integers such as [7, 112]";
    }
  }

  /**
   * One of a fixed set of identifiers, or a list of integers (or a single integer) each at least
   * {@code min}: {@code padding: same} or {@code padding: [1, 2]}. Resolves to a String or an int[].
   */
  record EnumOrIntListType(List<String> choices, long min) implements ArgType {
    @Override
    public String describe() {
      return String.join(", ", choices) + ", or a list of " + (min == 0 ? "non-negative" : "positive")
          + " integers such as [1, 1]";
    }
  }

  static ArgType positiveInt() {
    return new IntType(1, Integer.MAX_VALUE);
  }

  /** Any integer: an axis or an index that may count from the end when negative. */
  static ArgType anyInt() {
    return new IntType(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  static ArgType nonNegative() {
    return new FloatType(0, Double.POSITIVE_INFINITY, false);
  }

  static ArgType bool() {
    return new BoolType();
  }

  static ArgType oneOf(List<String> choices) {
    return new EnumType(choices);
  }
}
