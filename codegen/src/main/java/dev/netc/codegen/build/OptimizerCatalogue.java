package dev.netc.codegen.build;

import dev.netc.codegen.ops.ArgSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The optimizers a network may name ({@code optimizer adam(lr: 0.001);}) and the arguments each
 * takes, as {@link OptimizerChecker} checks them: for front ends that mirror the catalogue (the
 * annotation processor's {@code @Optimizer} and its coverage test).
 */
public final class OptimizerCatalogue {
  private OptimizerCatalogue() {}

  /**
   * Every optimizer, by name in alphabetical order, with its argument schema.
   * @return an unmodifiable map from optimizer name to its arguments
   */
  public static Map<String, List<ArgSpec>> all() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(OptimizerChecker.SCHEMAS));
  }
}
