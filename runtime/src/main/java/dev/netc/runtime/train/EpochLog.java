package dev.netc.runtime.train;

import java.util.Locale;
import java.util.function.Consumer;

/** Hands one line per epoch to a sink ({@link TrainerBuilder#log}); also formats that line. */
final class EpochLog implements EpochListener {
  private final Consumer<String> sink;

  EpochLog(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, Trainer trainer) {
    sink.accept(line(epoch, trainer.epochs()));
  }

  /** {@code epoch  3/10  loss 0.4123  acc 0.8521  val_loss 0.4410  val_acc 0.8433  (2.31 s)}. */
  static String line(History.Epoch e, int epochs) {
    int width = Integer.toString(epochs).length();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "epoch %" + width + "d/%d", e.epoch(), epochs));
    s.append(String.format(Locale.ROOT, "  loss %.4f", e.trainLoss()));
    if (!Double.isNaN(e.trainAccuracy())) {
      s.append(String.format(Locale.ROOT, "  acc %.4f", e.trainAccuracy()));
    }
    if (!Double.isNaN(e.validationLoss())) {
      s.append(String.format(Locale.ROOT, "  val_loss %.4f", e.validationLoss()));
    }
    if (!Double.isNaN(e.validationAccuracy())) {
      s.append(String.format(Locale.ROOT, "  val_acc %.4f", e.validationAccuracy()));
    }
    if (!Double.isNaN(e.trainTopK())) {
      s.append(String.format(Locale.ROOT, "  top_k %.4f", e.trainTopK()));
    }
    if (!Double.isNaN(e.validationTopK())) {
      s.append(String.format(Locale.ROOT, "  val_top_k %.4f", e.validationTopK()));
    }
    s.append(String.format(Locale.ROOT, "  (%.2f s)", e.seconds()));
    return s.toString();
  }
}
