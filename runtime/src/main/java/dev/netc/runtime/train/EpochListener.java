package dev.netc.runtime.train;

import dev.netc.runtime.io.Checkpoint;

/**
 * Called by {@link Trainer#fit} after every epoch with its metrics: early stopping ({@link
 * EarlyStopping}, or {@link Trainer#stop()}), learning-rate changes ({@link ReduceLrOnPlateau}),
 * checkpoints ({@link Checkpoint}), CSV logs ({@link CsvLogger}) and user lambdas. The trainer's
 * own history, epoch log and progress display are listeners too and run first, so {@link
 * Trainer#history()} already holds {@code epoch}.
 */
@FunctionalInterface
public interface EpochListener {
  /**
   * Called after epoch {@code epoch.epoch()}'s update steps and validation.
   * @param epoch the epoch's metrics
   * @param trainer the trainer (to stop it or read its state)
   */
  void onEpochEnd(History.Epoch epoch, Trainer trainer);

  /**
   * Called once when {@link Trainer#fit} finishes normally (after the last epoch or a stop).
   * @param history every epoch's metrics
   * @param trainer the trainer
   */
  default void onTrainEnd(History history, Trainer trainer) {}
}
