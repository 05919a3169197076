package dev.netc.runtime.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The trainer's progress display. Interactive (a console): one line redrawn in place with {@code
 * \r}, at most every 100 ms so formatting costs nothing measurable, showing the epoch, a bar, ETA
 * for the epoch, running loss and accuracy. Otherwise (CI logs, files): one plain line per epoch.
 */
final class Progress implements BatchListener, EpochListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean interactive;
  private final TrainingMetrics metrics;
  private final int epochs;
  private final int batches;
  private int epoch;
  private long lastDraw;

  /** Shows the running values of {@code metrics} over {@code batches} batches per epoch. */
  Progress(PrintStream out, boolean interactive, TrainingMetrics metrics, int epochs, int batches) {
    this.out = out;
    this.interactive = interactive;
    this.metrics = metrics;
    this.epochs = epochs;
    this.batches = batches;
  }

  @Override
  public void onEpochStart(int epoch) {
    this.epoch = epoch;
  }

  @Override
  public void onBatchEnd(int batch, int count, double loss) {
    if (!interactive) {
      return;
    }
    long now = System.nanoTime();
    int done = batch + 1;
    if (done != batches && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    out.print(line(epoch, epochs, done, batches, metrics.runningLoss(), metrics.runningAccuracy(),
        (now - metrics.startNanos()) / 1e9));
    out.flush();
  }

  @Override
  public void onEpochEnd(History.Epoch e, Trainer trainer) {
    String line = EpochLog.line(e, epochs);
    if (interactive) {
      out.print("\r\033[K" + line + "\n");
    } else {
      out.println(line);
    }
    out.flush();
  }

  static String line(int epoch, int epochs, int batch, int batches, double loss, double acc, double elapsed) {
    int filled = (int) ((long) WIDTH * batch / batches);
    StringBuilder bar = new StringBuilder(WIDTH);
    for (int i = 0; i < WIDTH; i++) {
      bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    double eta = elapsed / batch * (batches - batch);
    return String.format(Locale.ROOT, "\repoch %d/%d [%s] %d/%d  ETA %s  loss %.4f%s", epoch, epochs, bar, batch,
        batches, time(eta), loss, Double.isNaN(acc) ? "" : String.format(Locale.ROOT, "  acc %.4f", acc));
  }

  private static String time(double s) {
    long t = Math.round(s);
    return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
        : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
  }
}
