package dev.netc.samples;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Fashion-MNIST sample's training recipe beyond its {@code .net} file's {@code training} block:
 * the settings its BENCHMARKS.md figure was measured with, so that {@code -Dsample=NAME} alone
 * reproduces that figure. Each command-line option overrides its field.
 *
 * @param validation fraction of the training images held out (0 trains on all 60,000)
 * @param threads size of the training team; results are deterministic for a given thread count,
 *     so the recipe names the count its figure was measured with
 * @param decay learning rate factor applied after each epoch
 * @param shift random shifts of the training images, in pixels
 * @param flip whether training images are mirrored at random
 */
record Recipe(double validation, int threads, double decay, int shift, boolean flip) {

  /** The recipe of the samples not listed in {@link #BY_SAMPLE}. */
  static final Recipe DEFAULT = new Recipe(0.1, 1, Samples.LR_DECAY, 0, false);

  /**
   * fashion-resnet trains on every image with shifted and mirrored copies, a slower decay over
   * its 30 declared epochs, on two threads (BENCHMARKS.md, fashion-resnet).
   */
  private static final Map<String, Recipe> BY_SAMPLE = Map.of(
      "fashion-resnet", new Recipe(0, 2, 0.9, 1, true));

  static Recipe of(String sample) {
    return BY_SAMPLE.getOrDefault(sample, DEFAULT);
  }

  /** The defaults as the usage line shows them. */
  static String describeAll() {
    return "default " + DEFAULT.describe() + BY_SAMPLE.entrySet().stream()
        .map(e -> "; " + e.getKey() + " " + e.getValue().describe())
        .sorted()
        .collect(Collectors.joining());
  }

  private String describe() {
    return "--validation " + validation + " --threads " + threads + " --decay " + decay + " --shift " + shift
        + " --flip " + flip;
  }
}
