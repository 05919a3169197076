package dev.netc.runtime.kernels;

/**
 * Which dimension of a matrix product a {@link Team} cuts, or whether the product stays on the
 * calling thread. The dimension follows the largest operand ({@link ParallelGemm}); whether to
 * cut at all is measured (see docs/deployment.md): a part must be long enough along the cut for
 * the kernels' register tiles and carry enough multiply-adds to pay for the hand-off, and a
 * split reduction must also pay for adding the parts' results.
 *
 * <p>The decision depends on the shape and the team's size only, never on timings, so a model
 * computes the same bits on every run with the same number of threads.
 */
final class SplitRule {
  static final int SPLIT_M = 0;
  static final int SPLIT_N = 1;
  static final int SPLIT_K = 2;
  static final int NONE = -1;

  /**
   * Split points are multiples of two 4-row register tiles, so that a weight matrix with an even
   * number of rows per 8 is cut where {@link Team#forRanges}' 16-float cuts fall.
   */
  static final int ALIGN = 8;

  /**
   * {@code always} cuts every product long enough to give each part a slice (the structural
   * choice alone), to measure the rule against; anything else applies the measured rule.
   */
  private static final boolean ALWAYS = "always".equals(System.getProperty("netc.team.rule"));

  /** With {@link #ALWAYS}, the dimension to cut when it is long enough (m, n or k), for measuring. */
  private static final int FORCED = forced(System.getProperty("netc.team.split"));

  private SplitRule() {}

  /**
   * The dimension to cut {@code C[m, n] = op(A)[m, k] · op(B)[k, n]} along, or {@link #NONE}.
   *
   * @param kind {@link ParallelGemm#NN}, {@link ParallelGemm#TN} or {@link ParallelGemm#NT}
   * @param m the result's rows
   * @param n the result's columns
   * @param k the reduction
   * @param parts the team's size
   * @return {@link #SPLIT_M}, {@link #SPLIT_N}, {@link #SPLIT_K} or {@link #NONE}
   */
  static int choose(int kind, int m, int n, int k, int parts) {
    int split = FORCED >= 0 && ALWAYS ? FORCED : structural(kind, m, n, k, parts);
    if (split == NONE || extent(split, m, n, k) < parts * ALIGN) {
      return NONE;
    }
    return ALWAYS || pays(split, m, n, k, parts) ? split : NONE;
  }

  /**
   * Multiply-adds each part must get: below this the hand-off (1 to 3 µs, more when the worker
   * has to be woken) and the halved tiles' lower efficiency cost more than the second core gives.
   */
  static final long MIN_PART_MACS = Long.getLong("netc.team.minPartMacs", 1L << 18);

  /**
   * The shortest slice of a split reduction: each extra part's result is zeroed and added to C
   * afterwards, {@code m * n} floats each, which must stay a small share of the part's work.
   */
  static final int MIN_K_PART = 64;

  /** Whether a cut along {@code split} is measured to be faster than one thread. */
  static boolean pays(int split, int m, int n, int k, int parts) {
    if ((long) m * n * k / parts < MIN_PART_MACS) {
      return false;
    }
    return split != SPLIT_K || k / parts >= MIN_K_PART;
  }

  /** Whether no product of this size can pay on any team: the caller's cheap first test. */
  static boolean tooSmall(int m, int n, int k) {
    return !ALWAYS && (long) m * n * k < 2 * MIN_PART_MACS;
  }

  /**
   * The cut that keeps each thread on the same slice of the largest operand, falling back to the
   * longer side of the result when that operand's side is too short to give every part a slice;
   * a result much smaller than its reduction is cut along the reduction.
   */
  static int structural(int kind, int m, int n, int k, int parts) {
    long sizeA = (long) m * k;
    long sizeB = (long) k * n;
    long sizeC = (long) m * n;
    int preferred;
    if (sizeC * parts * 4 <= k && k >= parts * MIN_K_PART) {
      // a small result over a long reduction (a convolution's weight gradient, 25x8 over every
      // example's positions): cutting the reduction gives equal parts and an addition of a few
      // hundred floats, where cutting 25 rows gives 16 and 9
      preferred = SPLIT_K;
    } else if (sizeC >= sizeA && sizeC >= sizeB) {
      preferred = SPLIT_M;
    } else if (sizeB >= sizeA) {
      preferred = kind == ParallelGemm.NT ? SPLIT_N : SPLIT_K;
    } else {
      preferred = kind == ParallelGemm.TN ? SPLIT_K : SPLIT_M;
    }
    int min = parts * ALIGN;
    if (extent(preferred, m, n, k) >= min) {
      return preferred;
    }
    // fall back to a cut with no reduction, the longer of the result's two sides
    int other = m >= n ? SPLIT_M : SPLIT_N;
    if (extent(other, m, n, k) >= min) {
      return other;
    }
    int second = other == SPLIT_M ? SPLIT_N : SPLIT_M;
    return extent(second, m, n, k) >= min ? second : NONE;
  }

  static int extent(int split, int m, int n, int k) {
    return split == SPLIT_M ? m : split == SPLIT_N ? n : k;
  }

  private static int forced(String name) {
    if (name == null) {
      return NONE;
    }
    return switch (name) {
      case "m" -> SPLIT_M;
      case "n" -> SPLIT_N;
      case "k" -> SPLIT_K;
      default -> NONE;
    };
  }
}
