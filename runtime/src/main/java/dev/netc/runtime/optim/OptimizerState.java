package dev.netc.runtime.optim;

import dev.netc.runtime.io.ModelFile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an optimizer carries from step to step (moments, velocity, step count, learning rate), so
 * a resumed run continues exactly where it stopped; {@link ModelFile} writes it into version-2
 * files.
 *
 * @param name the optimizer's name ({@code "adam"}), checked on import
 * @param steps steps taken
 * @param learningRate the learning rate at export
 * @param buffers named state buffers, laid out like the parameters (copies)
 */
public record OptimizerState(String name, long steps, double learningRate, Map<String, float[]> buffers) {

  /** Builds a state holding copies of {@code buffers} (null buffers are left out). */
  static OptimizerState of(String name, long steps, double lr, Object... namesAndBuffers) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndBuffers.length; i += 2) {
      float[] b = (float[]) namesAndBuffers[i + 1];
      if (b != null) {
        m.put((String) namesAndBuffers[i], b.clone());
      }
    }
    return new OptimizerState(name, steps, lr, m);
  }

  /** A copy of buffer {@code key}, or null when absent. */
  float[] buffer(String key) {
    float[] b = buffers.get(key);
    return b == null ? null : b.clone();
  }

  void checkName(String expected) {
    if (!expected.equals(name)) {
      throw new IllegalArgumentException("optimizer state of " + name + " cannot be imported into " + expected);
    }
  }
}
