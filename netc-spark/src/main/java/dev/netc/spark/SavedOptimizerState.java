package dev.netc.spark;

import dev.netc.runtime.optim.OptimizerState;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link OptimizerState} in a form Spark can ship to executors (the runtime's record is not
 * {@link Serializable}: the runtime has no business with Java serialization).
 *
 * @param name the optimizer's name
 * @param steps steps taken
 * @param learningRate the rate at export
 * @param keys the buffers' names, in the optimizer's order
 * @param buffers the buffers
 */
record SavedOptimizerState(String name, long steps, double learningRate, String[] keys, float[][] buffers)
    implements Serializable {

  /** A copy of {@code state}, or null for null. */
  static SavedOptimizerState of(OptimizerState state) {
    if (state == null) {
      return null;
    }
    String[] keys = state.buffers().keySet().toArray(new String[0]);
    float[][] buffers = new float[keys.length][];
    for (int i = 0; i < keys.length; i++) {
      buffers[i] = state.buffers().get(keys[i]).clone();
    }
    return new SavedOptimizerState(state.name(), state.steps(), state.learningRate(), keys, buffers);
  }

  /** The runtime's state, holding copies. */
  OptimizerState toState() {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], buffers[i].clone());
    }
    return new OptimizerState(name, steps, learningRate, m);
  }
}
