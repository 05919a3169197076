package dev.netc.codegen.ops;

/**
 * One argument an op accepts. {@code defaultValue} is null for required arguments; otherwise it
 * is the resolved value (Long, Double, Boolean, String or int[]).
 */
public record ArgSpec(String name, ArgType type, Object defaultValue, String doc) {

  public static ArgSpec required(String name, ArgType type, String doc) {
    return new ArgSpec(name, type, null, doc);
  }

  public static ArgSpec optional(String name, ArgType type, Object defaultValue, String doc) {
    return new ArgSpec(name, type, defaultValue, doc);
  }

  public boolean isRequired() {
    return defaultValue == null;
  }
}
