package dev.netc.runtime;

import java.util.Map;

/**
 * An optimizer as declared in a network ({@code optimizer adam(lr: 0.001);}): its name and its
 * arguments. {@link dev.netc.runtime.optim.Optimizers#create} turns it into a working optimizer.
 */
public record OptimizerSpec(String name, Map<String, Double> args) {

  /**
   * {@return the argument {@code key}, or {@code defaultValue} when it was not declared}
   *
   * @param key the argument's .net name, such as {@code lr}
   * @param defaultValue the value when not declared
   */
  public double arg(String key, double defaultValue) {
    Double v = args.get(key);
    return v == null ? defaultValue : v;
  }
}
