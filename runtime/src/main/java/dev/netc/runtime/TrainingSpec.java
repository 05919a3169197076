package dev.netc.runtime;

/**
 * Training settings declared in the network's {@code training} block; 0 means "not declared" and
 * lets the trainer use its defaults.
 */
public record TrainingSpec(int batchSize, int epochs, long seed, boolean seedDeclared) {

  /** Nothing declared. */
  public static final TrainingSpec DEFAULTS = new TrainingSpec(0, 0, 0, false);
}
