package dev.netc.runtime.optim;

import dev.netc.runtime.kernels.Team;

/**
 * Shared plumbing of the built-in optimizers: learning rate, parameter mask, step count and
 * lazily allocated state buffers. Subclasses implement {@link #update} for one segment.
 */
abstract class MaskedOptimizer implements Optimizer {
  /** The current learning rate. */
  protected double learningRate;
  /** The segments to train and decay, or null for every float. */
  protected ParameterMask mask;
  /** Steps taken since construction or {@link #reset()}. */
  protected long steps;
  private int size = -1;
  // one step's operands while a team runs updateRange; the method reference is made once
  private final Team.Range rangeUpdate = this::updateRange;
  private float[] stepParams;
  private float[] stepGrads;
  private double stepDecay;

  MaskedOptimizer(double learningRate) {
    Optimizers.checkLearningRate(learningRate);
    this.learningRate = learningRate;
  }

  /** Allocates state for {@code n} parameters (called once, on the first step). */
  abstract void allocate(int n);

  /** Called once per step before the segments, with the step count already incremented. */
  void beginStep() {}

  /** Updates {@code [from, to)}; {@code wd} is 0 for segments without decay. */
  abstract void update(float[] p, float[] g, int from, int to, double wd);

  abstract void clearState();

  @Override
  public final void step(float[] params, float[] grads) {
    Optimizers.checkLengths(params, grads);
    int n = params.length;
    if (size < 0) {
      if (mask == null) {
        mask = ParameterMask.all(n);
      }
      mask.check(n);
      allocate(n);
      size = n;
    } else if (size != n) {
      throw Optimizers.sizeChanged(size, n);
    }
    steps++;
    beginStep();
    double wd = weightDecay();
    Team team = Team.current();
    if (team == null || team.size() < 2) {
      updateMasked(params, grads, 0, n, wd);
      return;
    }
    // every update is element-wise: the team's threads take the slices they computed the
    // gradients of, and the result is the same bits as on one thread
    stepParams = params;
    stepGrads = grads;
    stepDecay = wd;
    try {
      team.forRanges(n, rangeUpdate);
    } finally {
      stepParams = null;
      stepGrads = null;
    }
  }

  private void updateRange(int from, int to) {
    updateMasked(stepParams, stepGrads, from, to, stepDecay);
  }

  /** The mask's trained segments within {@code [from, to)}. */
  private void updateMasked(float[] params, float[] grads, int from, int to, double wd) {
    ParameterMask m = mask;
    for (int s = 0, k = m.segments(); s < k; s++) {
      int lo = Math.max(from, m.start(s));
      int hi = Math.min(to, m.end(s));
      if (lo < hi && m.trains(s)) {
        update(params, grads, lo, hi, m.decays(s) ? wd : 0);
      }
    }
  }

  /** The weight-decay coefficient (0 when the optimizer has none). */
  abstract double weightDecay();

  @Override
  public void setMask(ParameterMask mask) {
    this.mask = mask;
  }

  /**
   * Steps taken since construction or {@link #reset()}.
   * @return the number of steps
   */
  public long steps() {
    return steps;
  }

  @Override
  public double learningRate() {
    return learningRate;
  }

  @Override
  public void setLearningRate(double learningRate) {
    Optimizers.checkLearningRate(learningRate);
    this.learningRate = learningRate;
  }

  @Override
  public void reset() {
    steps = 0;
    size = -1;
    clearState();
  }

  /** Restores step count, lr and marks state as allocated for {@code n} parameters. */
  void restored(OptimizerState s, int n) {
    steps = s.steps();
    learningRate = s.learningRate();
    size = n;
    if (mask == null) {
      mask = ParameterMask.all(n);
    }
  }

  static float[] need(OptimizerState s, String key, int n) {
    float[] b = s.buffer(key);
    if (b == null || (n >= 0 && b.length != n)) {
      throw new IllegalArgumentException("optimizer state " + s.name() + " lacks a valid '" + key + "' buffer");
    }
    return b;
  }

  static int length(OptimizerState s) {
    for (float[] b : s.buffers().values()) {
      return b.length;
    }
    return -1;
  }

  @Override
  public String toString() {
    return describe();
  }

  static void checkRange(double v, double lo, double hi, String what) {
    if (!(v >= lo && v < hi)) {
      throw new IllegalArgumentException(what + " must be in [" + lo + ", " + hi + "), got " + v);
    }
  }

  static void checkNonNegative(double v, String what) {
    if (!(v >= 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(what + " must be at least 0, got " + v);
    }
  }
}
