package dev.netc.runtime.train;

import java.util.Locale;

/**
 * Keras' EarlyStopping: stops training when the monitored metric has not improved by more than
 * {@code minDelta} for {@code patience} epochs and, with {@code restoreBest}, puts back the
 * parameters of the best epoch when training ends (whether it stopped early or ran out of epochs),
 * so the model returned is the one validation liked best. The snapshot buffer is allocated once.
 *
 * <p>Both are reported as Keras reports them, on the trainer's epoch log ({@link
 * TrainerBuilder#log}; nothing is printed when the log is off): {@code EarlyStopping: val_loss
 * did not improve for 3 epochs; stopping after epoch 12} and {@code EarlyStopping: restored the
 * weights of epoch 9 (val_loss 0.3012)}. The second line is left out when the best epoch is the
 * last one, since restoring then changes nothing.
 */
public final class EarlyStopping implements EpochListener {
  private final Monitor monitor;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBest;
  private float[] best;
  private double bestValue = Double.NaN;
  private int bestEpoch;
  private int wait;

  /**
   * Stops when {@code monitor} stalls.
   *
   * @param monitor the metric, such as {@code val_loss}
   * @param patience epochs without improvement before stopping
   * @param minDelta the smallest change that counts as an improvement
   * @param restoreBest whether to put back the best epoch's parameters at the end
   */
  public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be at least 0, got " + patience);
    }
    this.monitor = Monitor.of(monitor);
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBest = restoreBest;
  }

  /**
   * The epoch whose parameters are (or will be) restored; 0 before any epoch.
   * @return the best epoch, or 0
   */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** {@return the monitored metric's best value so far} */
  public double bestValue() {
    return bestValue;
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, Trainer trainer) {
    double v = monitor.value(epoch);
    if (Double.isNaN(v)) {
      throw new IllegalStateException("early stopping monitors " + monitor.key() + ", which this run does not report");
    }
    if (bestEpoch == 0 || monitor.improves(v, bestValue, minDelta)) {
      bestValue = v;
      bestEpoch = epoch.epoch();
      wait = 0;
      if (restoreBest) {
        float[] p = trainer.model().parameters();
        if (best == null || best.length != p.length) {
          best = new float[p.length];
        }
        System.arraycopy(p, 0, best, 0, p.length);
      }
    } else if (++wait >= patience) {
      trainer.stop();
      trainer.log("EarlyStopping: " + monitor.key() + " did not improve for " + wait
          + (wait == 1 ? " epoch" : " epochs") + "; stopping after epoch " + epoch.epoch());
    }
  }

  @Override
  public void onTrainEnd(History history, Trainer trainer) {
    if (restoreBest && best != null) {
      System.arraycopy(best, 0, trainer.model().parameters(), 0, best.length);
      if (bestEpoch != trainer.epochsDone()) {
        trainer.log(String.format(Locale.ROOT, "EarlyStopping: restored the weights of epoch %d (%s %.4f)",
            bestEpoch, monitor.key(), bestValue));
      }
    }
  }
}
