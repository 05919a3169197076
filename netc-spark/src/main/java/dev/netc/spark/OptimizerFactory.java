package dev.netc.spark;

import dev.netc.runtime.Model;
import dev.netc.runtime.OptimizerSpec;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * Makes optimizers: the driver's, which takes every synchronous step, and, in parameter averaging,
 * one per partition and round. Serializable so that executors can build their own.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {

  /**
   * A new optimizer with no state.
   *
   * @return the optimizer
   */
  Optimizer create();

  /**
   * What the local {@code Trainer} uses by default: the network's declared optimizer, else plain
   * SGD with rate 0.01.
   *
   * @param model the model whose declaration is read
   * @return the factory
   */
  static OptimizerFactory declaredBy(Model model) {
    OptimizerSpec spec = model.optimizerSpec();
    if (spec == null) {
      return () -> Optimizers.sgd(0.01);
    }
    return of(spec.name(), new LinkedHashMap<>(spec.args()));
  }

  /**
   * An optimizer by its {@code .net} name and arguments, as {@link Optimizers#create} reads them.
   *
   * @param name the optimizer's name, such as {@code adam}
   * @param args its arguments, such as {@code lr}
   * @return the factory
   */
  static OptimizerFactory of(String name, LinkedHashMap<String, Double> args) {
    // fails here, on the driver, for an unknown name or argument rather than in a task
    Optimizers.create(new OptimizerSpec(name, args));
    return () -> Optimizers.create(new OptimizerSpec(name, args));
  }
}
