package dev.netc.runtime;

/**
 * Called by {@link Trainer} after every epoch, once the validation metrics are known: the hook for
 * early stopping ({@link Trainer#stop()}), learning-rate schedules ({@code
 * trainer.optimizer().setLearningRate(..)}), checkpoints ({@link ModelFile#save}) and custom logs.
 */
@FunctionalInterface
public interface EpochListener {
  void onEpochEnd(History.Epoch epoch, Trainer trainer);
}
