package dev.netc.runtime.train;

/**
 * ReduceLROnPlateau (PyTorch/Keras): multiplies the trainer's base learning rate by {@code factor}
 * when the monitored metric has not improved by more than {@code minDelta} for {@code patience}
 * epochs, never below {@code minLr}. Its counters are not saved in checkpoints.
 */
public final class ReduceLrOnPlateau implements EpochListener {
  private final Monitor monitor;
  private final double factor;
  private final int patience;
  private final double minDelta;
  private final double minLr;
  private double best = Double.NaN;
  private int wait;

  /**
   * Reduces the rate when {@code monitor} stalls.
   *
   * @param monitor the metric, such as {@code val_loss}
   * @param factor the factor applied to the rate, in (0, 1)
   * @param patience epochs without improvement before reducing
   * @param minDelta the smallest change that counts as an improvement
   * @param minLr the smallest rate
   */
  public ReduceLrOnPlateau(String monitor, double factor, int patience, double minDelta, double minLr) {
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
    }
    this.monitor = Monitor.of(monitor);
    this.factor = factor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.minLr = minLr;
  }

  /** Monitors val_loss, factor 0.1, patience 10, like PyTorch. */
  public ReduceLrOnPlateau() {
    this("val_loss", 0.1, 10, 1e-4, 0);
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, Trainer trainer) {
    double v = monitor.value(epoch);
    if (Double.isNaN(v)) {
      return;
    }
    if (Double.isNaN(best) || monitor.improves(v, best, minDelta)) {
      best = v;
      wait = 0;
    } else if (++wait > patience) {
      trainer.setBaseLearningRate(Math.max(minLr, trainer.baseLearningRate() * factor));
      wait = 0;
    }
  }
}
