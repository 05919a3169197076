package dev.netc.runtime.train;

/**
 * Training produced a NaN or infinite loss or gradient. Thrown before the optimizer applies that
 * batch's gradient, so the parameters are those that produced the bad value, which helps finding
 * out why. {@link #where()} names the first place the value appeared: for a loss, the first
 * workspace buffer (layer output) holding a non-finite value in a re-run forward pass of a
 * generated model; for a gradient, the first parameter tensor with a non-finite gradient.
 */
public final class NonFiniteLossException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** 1-based epoch. */
  private final int epoch;
  /** 1-based batch within the epoch. */
  private final int batch;
  /** The batch loss (finite for a non-finite gradient). */
  private final double loss;
  /** Where the first non-finite value appeared, or null. */
  private final String where;

  /**
   * A non-finite loss.
   *
   * @param epoch 1-based epoch
   * @param batch 1-based batch within the epoch
   * @param batches batches per epoch
   * @param loss the batch loss
   */
  public NonFiniteLossException(int epoch, int batch, int batches, double loss) {
    this(epoch, batch, batches, loss, null);
  }

  /**
   * A non-finite loss; {@code where} (may be null) names the first layer it appeared in.
   * @param epoch 1-based epoch
   * @param batch 1-based batch within the epoch
   * @param batches batches per epoch
   * @param loss the batch loss
   * @param where where the first non-finite value appeared, or null
   */
  public NonFiniteLossException(int epoch, int batch, int batches, double loss, String where) {
    this("loss is " + loss, epoch, batch, batches, loss, where);
  }

  private NonFiniteLossException(String what, int epoch, int batch, int batches, double loss, String where) {
    super(
        what + " in epoch " + epoch + ", batch " + batch + " of " + batches
            + (where == null ? "" : "; first non-finite value in " + where)
            + "; training stopped before applying that batch (lower the learning rate, check the"
            + " data for NaN/Inf or extreme values, or clip gradients)");
    this.epoch = epoch;
    this.batch = batch;
    this.loss = loss;
    this.where = where;
  }

  /**
   * A finite loss whose gradient of parameter tensor {@code parameter} is not finite.
   * @param epoch 1-based epoch
   * @param batch 1-based batch within the epoch
   * @param batches batches per epoch
   * @param loss the (finite) batch loss
   * @param parameter the tensor's name
   * @param value the first non-finite gradient value
   * @return the exception
   */
  public static NonFiniteLossException gradient(int epoch, int batch, int batches, double loss, String parameter, float value) {
    return new NonFiniteLossException(
        "gradient of " + parameter + " is " + value, epoch, batch, batches, loss, "parameter " + parameter);
  }

  /**
   * 1-based epoch.
   * @return the epoch
   */
  public int epoch() {
    return epoch;
  }

  /**
   * 1-based batch within the epoch.
   * @return the batch
   */
  public int batch() {
    return batch;
  }

  /** {@return the batch loss: NaN or infinite, or finite when a gradient was not} */
  public double loss() {
    return loss;
  }

  /**
   * Where the first non-finite value appeared ({@code "workspace buffer 2 (dense_1 output)"}), or null.
   * @return the place, or null
   */
  public String where() {
    return where;
  }
}
