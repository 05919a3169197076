package dev.netc.spark;

import java.util.List;

/**
 * What a {@link SparkTrainer#fit} did.
 *
 * @param epochLoss the mean training loss of every epoch run by this call (an epoch resumed from a
 *     checkpoint counts only its batches after the checkpoint)
 * @param steps global batches done, counting those before a resumed checkpoint
 * @param rounds synchronous steps or averaging rounds this call ran
 * @param roundNanos the time this call spent in them, on the driver's clock
 * @param resumedAtStep the step the run resumed from, or 0 when it started fresh
 */
public record SparkHistory(List<Double> epochLoss, long steps, long rounds, long roundNanos, long resumedAtStep) {

  /** {@return the mean wall time of one round in milliseconds, or NaN without rounds} */
  public double millisPerRound() {
    return rounds == 0 ? Double.NaN : roundNanos / 1e6 / rounds;
  }
}
