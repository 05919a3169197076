package dev.netc.runtime;

/**
 * Training produced a NaN or infinite loss. Thrown before the optimizer applies that batch's
 * gradient, so the parameters are those that produced the bad loss, which helps finding out why.
 */
public final class NonFiniteLossException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int batch;
  private final double loss;

  public NonFiniteLossException(int epoch, int batch, int batches, double loss) {
    super(
        "loss is " + loss + " in epoch " + epoch + ", batch " + batch + " of " + batches
            + "; training stopped before applying that batch (lower the learning rate, check the"
            + " data for NaN/Inf or extreme values, or clip gradients)");
    this.epoch = epoch;
    this.batch = batch;
    this.loss = loss;
  }

  /** 1-based epoch. */
  public int epoch() {
    return epoch;
  }

  /** 1-based batch within the epoch. */
  public int batch() {
    return batch;
  }

  public double loss() {
    return loss;
  }
}
