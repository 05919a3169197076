package dev.netc.samples;

import java.util.List;
import java.util.Locale;

/**
 * A row of the accuracy table (issue 21, BENCHMARKS.md "Accuracy table"): a Fashion-MNIST
 * classifier sample, the test accuracy its headline recipe ({@code -Dsample=NAME} with no options)
 * must reach on the full data set as the minimum over seeds, and its quick mode for CI: a few
 * epochs on the first images of the embedded subset with seed 42, whose test accuracy on the
 * subset's 2,000 test images must reach {@link #quickFloor}. {@code benchmarks/accuracy.sh} and
 * {@code QuickAccuracyTest} both read {@link #ALL}, so the table, the script and the build agree.
 *
 * @param sample the sample's name, as {@code -Dsample=NAME} takes it
 * @param target the full-data test accuracy the minimum over seeds must reach (the published
 *     figure for the architecture, or the one set in the sample's BENCHMARKS.md section)
 * @param quickEpochs epochs of the quick mode
 * @param quickImages training images of the quick mode (the first ones of the embedded subset)
 * @param quickFloor the test accuracy the quick mode must reach: set with a margin below the
 *     measured value (the comment on each row), so a change in rounding passes and a change that
 *     breaks learning fails
 */
public record AccuracyTarget(
    String sample, double target, int quickEpochs, int quickImages, double quickFloor) {

  /** The seeds of the table: its minimum is taken over these. */
  public static final List<Long> SEEDS = List.of(42L, 43L, 44L);

  /** The seed of the quick mode. */
  public static final long QUICK_SEED = 42;

  /** Every row, in the table's order (cheapest first). */
  public static final List<AccuracyTarget> ALL = List.of(
      // the quick mode's test accuracy at seeds 42 / 43 / 44 (Vector API, main at 8b2a5d1 with these
      // recipes); the floor sits 0.04-0.12 below the lowest, since a rounding change moves the
      // trajectory about as much as another seed does. The test runs seed 42.
      new AccuracyTarget("fashion-mlp", 0.883, 2, 10_000, 0.75),      // 0.8400 / 0.7920 / 0.8415
      new AccuracyTarget("fashion-rnn", 0.888, 2, 3_000, 0.65),       // 0.7460 / 0.7220 / 0.7495
      new AccuracyTarget("fashion-cnn", 0.916, 1, 4_000, 0.70),       // 0.7790 / 0.7605 / 0.7785
      new AccuracyTarget("fashion-bigru", 0.905, 1, 3_000, 0.65),     // 0.7345 / 0.7390 / 0.7475
      new AccuracyTarget("fashion-cnn-bn", 0.934, 1, 3_000, 0.70),    // 0.7735 / 0.7710 / 0.7785
      new AccuracyTarget("fashion-resnet", 0.940, 2, 2_000, 0.60));   // 0.7155 / 0.7695 / 0.7420

  public AccuracyTarget {
    if (!Samples.NAMES.contains(sample)) {
      throw new IllegalArgumentException(Samples.unknownSample(sample));
    }
  }

  /** The row of {@code sample}; an error naming the rows for any other name. */
  public static AccuracyTarget of(String sample) {
    return ALL.stream().filter(t -> t.sample.equals(sample)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("no accuracy target for '" + sample + "'; the table's samples are "
            + String.join(", ", ALL.stream().map(AccuracyTarget::sample).toList())));
  }

  /** The options of the quick mode, after the sample's name. */
  public List<String> quickOptions() {
    return List.of("--data", "embedded", "--seed", Long.toString(QUICK_SEED), "--epochs",
        Integer.toString(quickEpochs), "--limit", Integer.toString(quickImages));
  }

  /**
   * Prints the rows as tab-separated lines (sample, target, quick epochs, quick images, quick
   * floor) for {@code benchmarks/accuracy.sh}.
   */
  public static void main(String[] args) {
    for (AccuracyTarget t : ALL) {
      System.out.printf(Locale.ROOT, "%s\t%.3f\t%d\t%d\t%.3f%n", t.sample, t.target, t.quickEpochs,
          t.quickImages, t.quickFloor);
    }
  }
}
