package dev.netc.codegen.ops;

import dev.netc.dsl.SourcePos;
import java.util.Map;

/**
 * An op's resolved arguments: every declared argument has a value (given or default), typed as
 * its {@link ArgType} says. Positions let shape rules point at the argument that makes a shape
 * impossible.
 */
public record Args(Map<String, Object> values, Map<String, SourcePos> positions, SourcePos callPos) {

  public int intArg(String name) {
    return Math.toIntExact((Long) values.get(name));
  }

  public double floatArg(String name) {
    return (Double) values.get(name);
  }

  public boolean boolArg(String name) {
    return (Boolean) values.get(name);
  }

  public String enumArg(String name) {
    return (String) values.get(name);
  }

  public int[] intListArg(String name) {
    return ((int[]) values.get(name)).clone();
  }

  /** A {@link ArgType.FloatListType} argument; empty when it took an empty default (not given). */
  public double[] floatListArg(String name) {
    return ((double[]) values.get(name)).clone();
  }

  /** The raw resolved value: String, Long, Double, Boolean, int[] or double[]. */
  public Object value(String name) {
    return values.get(name);
  }

  /** Where the argument was written, or the call when it took its default. */
  public SourcePos pos(String name) {
    return positions.getOrDefault(name, callPos);
  }
}
