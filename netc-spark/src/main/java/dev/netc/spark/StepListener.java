package dev.netc.spark;

/** Called on the driver after every synchronous step or averaging round of a {@link SparkTrainer}. */
@FunctionalInterface
public interface StepListener {

  /**
   * One step (or round) is done and its parameters are on the driver.
   *
   * @param step global batches done since the run began
   * @param epoch the epoch, from 1
   * @param loss the mean loss of the step's global batch (of the round's batches when averaging)
   */
  void onStep(long step, int epoch, double loss);
}
