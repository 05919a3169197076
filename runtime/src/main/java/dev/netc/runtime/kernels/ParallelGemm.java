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
 * ({@link Team#cut}). {@link SplitRule} chooses the cut, and keeps on the caller alone the
 * products measured too small to gain from a second thread.
 */
final class ParallelGemm implements Team.Part {
  static final int NN = 0;
  static final int TN = 1;
  static final int NT = 2;

  private static final int ALIGN = SplitRule.ALIGN;
  private static final int SPLIT_M = SplitRule.SPLIT_M;
  private static final int SPLIT_N = SplitRule.SPLIT_N;
  private static final int SPLIT_K = SplitRule.SPLIT_K;

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
    if (SplitRule.tooSmall(m, n, k)) {
      return false;
    }
    Team team = Team.sharing();
    if (team == null) {
      return false;
    }
    int split = SplitRule.choose(kind, m, n, k, team.size());
    if (split == SplitRule.NONE) {
      return false;
    }
    team.products().run(kind, split, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    return true;
  }

  private static int extent(int split, int m, int n, int k) {
    return SplitRule.extent(split, m, n, k);
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
