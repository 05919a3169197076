package dev.netc.runtime.io;

import dev.netc.runtime.train.EpochListener;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Monitor;
import dev.netc.runtime.train.Trainer;
import dev.netc.runtime.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Keras' ModelCheckpoint: saves the model with its {@link TrainingState} (format version 3, so the
 * run can be resumed) every {@code every} epochs, or, with {@code bestOnly}, whenever the monitored
 * metric improves. The file is replaced atomically by {@link ModelFile}.
 */
public final class Checkpoint implements EpochListener {
  private final Path file;
  private final int every;
  private final Monitor monitor;
  private double best = Double.NaN;
  private int saves;

  /**
   * Saves every {@code every} epochs.
   * @param file the file to write
   * @param every the interval in epochs
   * @return the listener
   */
  public static Checkpoint every(Path file, int every) {
    return new Checkpoint(file, every, null);
  }

  /**
   * Saves when {@code monitor} improves.
   * @param file the file to write
   * @param monitor the metric's name, such as {@code val_loss}
   * @return the listener
   */
  public static Checkpoint bestOnly(Path file, String monitor) {
    return new Checkpoint(file, 1, Monitor.of(monitor));
  }

  private Checkpoint(Path file, int every, Monitor monitor) {
    if (every < 1) {
      throw new IllegalArgumentException("checkpoint interval must be at least 1, got " + every);
    }
    this.file = file;
    this.every = every;
    this.monitor = monitor;
  }

  /**
   * How many times the file was written.
   * @return the number of saves
   */
  public int saves() {
    return saves;
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, Trainer trainer) {
    if (monitor != null) {
      double v = monitor.value(epoch);
      if (Double.isNaN(v) || (!Double.isNaN(best) && !monitor.improves(v, best, 0))) {
        return;
      }
      best = v;
    } else if (epoch.epoch() % every != 0) {
      return;
    }
    try {
      ModelFile.save(trainer.model(), file, trainer.trainingState());
      saves++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    }
  }
}
