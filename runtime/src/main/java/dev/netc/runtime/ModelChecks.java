package dev.netc.runtime;

/**
 * The checks a {@link GeneratedModel} makes before and after a prediction, kept out of its hot
 * paths: parameters that were never set, a prediction array that is not exactly one example, and
 * an output holding NaN.
 */
final class ModelChecks {
  private ModelChecks() {}

  /** Whether any parameter is non-zero (NaN counts: it is not the untouched zero buffer). */
  static boolean anyNonZero(float[] params) {
    for (float v : params) {
      if (v != 0f) {
        return true;
      }
    }
    return false;
  }

  /** The failure of a pass on a model whose parameters were never set. */
  static IllegalStateException notSet(GeneratedModel model) {
    TrainingSpec t = model.trainingSpec();
    long seed = t != null && t.seedDeclared() ? t.seed() : 42;
    return new IllegalStateException("model " + model.name() + " has no parameters yet: all "
        + model.parameterCount() + " are zero, so it would predict a constant and train from"
        + " all-zero weights. Call model.initialize(" + seed + ") (any seed) or load a model file"
        + " (ModelFile.load) first; if all-zero parameters are what you mean, call"
        + " model.markParametersSet()");
  }

  /** Rejects a prediction array that is not exactly one example of {@code size} floats. */
  static void oneExample(float[] data, int size, String what, String expected) {
    if (data.length != size) {
      throw new IllegalArgumentException(what + " has " + data.length + " floats; a prediction takes"
          + " exactly " + expected + " of " + size + " floats (for a batch of examples use"
          + " forward(workspace, inputs, outputs, batch, false))");
    }
  }

  /**
   * Fails when {@code size} outputs of one prediction from {@code from} hold a NaN, naming a NaN
   * in the input if any.
   */
  static void requireNoNaN(Model model, float[] in, float[] out, int from, int size) {
    for (int i = 0; i < size; i++) {
      if (Float.isNaN(out[from + i])) {
        throw new ArithmeticException("model " + model.name() + " computed NaN for output " + i
            + " of this example, so it has no class or probabilities; " + cause(in));
      }
    }
  }

  private static String cause(float[] in) {
    for (int i = 0; i < in.length; i++) {
      if (!Float.isFinite(in[i])) {
        return "the input holds " + in[i] + " at element " + i;
      }
    }
    return "the input is finite, so check the parameters (a NaN or infinite weight, a diverged"
        + " training run)";
  }
}
