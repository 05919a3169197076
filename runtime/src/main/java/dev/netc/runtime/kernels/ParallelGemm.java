package dev.netc.runtime.kernels;

/**
 * Splits one matrix product over the calling thread's {@link Team}. The product is cut along
 * the rows of its largest operand, so that each thread keeps the same slice of a layer's
 * weights (and of their gradient) in its own cache from one step to the next:
 *
 * <ul>
 *   <li>the result is the largest (a weight gradient, a wide activation): its rows, {@code m};
 *   <li>the right operand is (a dense layer's weights in the forward pass): the reduction, {@code
 *       k}, for {@code nn} and {@code tn}, where {@code B} is stored {@code [k, n]}; each thread
 *       sums its slice of {@code k} into its own copy of {@code C} and the copies are added in
 *       part order after the join, which keeps the result deterministic;
 *   <li>{@code nt}'s right operand is stored {@code [n, k]}: its rows are the result's columns,
 *       {@code n}, with no reduction (a dense layer's input gradient).
 * </ul>
 *
 * A weight matrix {@code W[in, out]} is thus cut along {@code in} in all three of its products
 * ({@code x·W}, {@code xᵀ·gy}, {@code gy·Wᵀ}), at the same points as the optimizer's flat loop
 * ({@link Team#cut}). Products below {@link #MIN_WORK} multiply-adds run on the caller alone:
 * the hand-off costs about a microsecond.
 */
final class ParallelGemm implements Team.Part {
  static final int NN = 0;
  static final int TN = 1;
  static final int NT = 2;

  /** Multiply-adds below which a product is not worth splitting. */
  static final long MIN_WORK = Long.getLong("netc.team.minWork", 1L << 16);

  /**
   * Split points are multiples of two 4-row register tiles, so that a weight matrix with an even
   * number of rows per 8 is cut where {@link Team#forRanges}' 16-float cuts fall.
   */
  private static final int ALIGN = 8;

  private static final int SPLIT_M = 0;
  private static final int SPLIT_N = 1;
  private static final int SPLIT_K = 2;

  private final Team team;
  /** Each part's private result for a split reduction (part 0 writes C itself). */
  private final float[][] partials;

  // the job being run, set by offer() before Team.run publishes it
  private int kind;
  private int split;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private int aOff;
  private int lda;
  private float[] b;
  private int bOff;
  private int ldb;
  private float[] c;
  private int cOff;
  private int ldc;
  private boolean accumulate;

  ParallelGemm(Team team) {
    this.team = team;
    this.partials = new float[team.size()][];
  }

  /** Runs the product on the caller's team and returns true, or returns false to run it alone. */
  static boolean offer(int kind, int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if ((long) m * n * k < MIN_WORK) {
      return false;
    }
    Team team = Team.sharing();
    if (team == null) {
      return false;
    }
    int split = chooseSplit(kind, m, n, k, team.size());
    if (split < 0) {
      return false;
    }
    team.products().run(kind, split, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    return true;
  }

  /** The dimension to cut, or -1 when none is long enough to give every part a slice. */
  static int chooseSplit(int kind, int m, int n, int k, int parts) {
    long sizeA = (long) m * k;
    long sizeB = (long) k * n;
    long sizeC = (long) m * n;
    int preferred;
    if (sizeC >= sizeA && sizeC >= sizeB) {
      preferred = SPLIT_M;
    } else if (sizeB >= sizeA) {
      preferred = kind == NT ? SPLIT_N : SPLIT_K;
    } else {
      preferred = kind == TN ? SPLIT_K : SPLIT_M;
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
    return extent(second, m, n, k) >= min ? second : -1;
  }

  private static int extent(int split, int m, int n, int k) {
    return split == SPLIT_M ? m : split == SPLIT_N ? n : k;
  }

  private void run(int kind, int split, int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    this.kind = kind;
    this.split = split;
    this.m = m;
    this.n = n;
    this.k = k;
    this.a = a;
    this.aOff = aOff;
    this.lda = lda;
    this.b = b;
    this.bOff = bOff;
    this.ldb = ldb;
    this.c = c;
    this.cOff = cOff;
    this.ldc = ldc;
    this.accumulate = accumulate;
    int parts = team.size();
    if (split == SPLIT_K) {
      for (int p = 1; p < parts; p++) {
        if (partials[p] == null || partials[p].length < m * n) {
          partials[p] = new float[m * n];
        }
      }
    }
    try {
      team.run(this);
      if (split == SPLIT_K) {
        // the parts' sums are added in part order: the same bits on every run
        for (int p = 1; p < parts; p++) {
          float[] s = partials[p];
          for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            int srow = i * n;
            for (int j = 0; j < n; j++) {
              c[row + j] += s[srow + j];
            }
          }
        }
      }
    } finally {
      this.a = null;
      this.b = null;
      this.c = null;
    }
  }

  @Override
  public void run(int part, int parts) {
    int extent = extent(split, m, n, k);
    int from = Team.cut(extent, parts, part, ALIGN);
    int to = Team.cut(extent, parts, part + 1, ALIGN);
    if (from >= to) {
      if (split == SPLIT_K && part > 0) {
        java.util.Arrays.fill(partials[part], 0, m * n, 0f);
      }
      return;
    }
    int len = to - from;
    switch (split) {
      case SPLIT_M -> {
        // A's rows (nn, nt: A[m,k]; tn: A stored [k,m], so its columns) and C's rows
        int aStart = kind == TN ? aOff + from : aOff + from * lda;
        product(len, n, k, a, aStart, lda, b, bOff, ldb, c, cOff + from * ldc, ldc, accumulate);
      }
      case SPLIT_N -> {
        // B's columns (nn, tn: B[k,n]; nt: B stored [n,k], so its rows) and C's columns
        int bStart = kind == NT ? bOff + from * ldb : bOff + from;
        product(m, len, k, a, aOff, lda, b, bStart, ldb, c, cOff + from, ldc, accumulate);
      }
      default -> {
        int aStart = kind == TN ? aOff + from * lda : aOff + from;
        int bStart = kind == NT ? bOff + from : bOff + from * ldb;
        if (part == 0) {
          product(m, n, len, a, aStart, lda, b, bStart, ldb, c, cOff, ldc, accumulate);
        } else {
          product(m, n, len, a, aStart, lda, b, bStart, ldb, partials[part], 0, n, false);
        }
      }
    }
  }

  private void product(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    switch (kind) {
      case NN -> Gemm.nn1(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      case TN -> Gemm.tn1(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      default -> Gemm.nt1(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }
}
