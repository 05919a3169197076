package dev.netc.runtime.data;

import dev.netc.runtime.Rng;
import dev.netc.runtime.train.TrainingState;

/**
 * Changes a training batch in place before the forward pass (data augmentation). The trainer
 * passes its own seeded generator, whose state is part of {@link TrainingState}, so augmented runs
 * stay reproducible and resumable. Implementations must not allocate per call.
 */
@FunctionalInterface
public interface BatchAugmentation {
  /**
   * Augments examples {@code [0, batch)} of {@code x} ({@code inputSize} floats each).
   * @param x the batch's inputs, changed in place
   * @param batch the number of examples
   * @param inputSize floats per example
   * @param rng the trainer's seeded generator
   */
  void apply(float[] x, int batch, int inputSize, Rng rng);
}
