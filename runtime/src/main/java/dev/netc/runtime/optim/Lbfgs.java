package dev.netc.runtime.optim;

import dev.netc.runtime.train.History;
import dev.netc.runtime.train.LbfgsTrainer;

/**
 * L-BFGS with PyTorch's {@code torch.optim.LBFGS} algorithm (no line search, fixed step {@code
 * lr}, the first step scaled by {@code min(1, 1/|g|_1)}), in double precision.
 *
 * <p>Why its own path: L-BFGS evaluates the loss and gradient several times per step, so it needs
 * a {@link Closure} rather than one gradient; {@link LbfgsTrainer} provides the full-batch closure
 * for a model. It suits small, smooth, full-batch problems; {@link #step(float[], float[])} is
 * therefore unsupported. Frozen segments of the mask receive zero gradient and never move.
 *
 * <p>PyTorch defaults: lr 1, max_iter 20, max_eval max_iter*5/4, tolerance_grad 1e-7,
 * tolerance_change 1e-9, history_size 100. History vectors are allocated as the history fills and
 * reused afterwards.
 */
public final class Lbfgs implements Optimizer {
  /** Loss and gradient at the current parameters. */
  @FunctionalInterface
  public interface Closure {
    /**
     * Writes the gradient at {@code params} into {@code grads} and returns the loss.
     * @param params the parameters to evaluate at
     * @param grads receives the gradient
     * @return the loss
     */
    double evaluate(float[] params, float[] grads);
  }

  private double learningRate;
  private final int maxIter;
  private final int maxEval;
  private final double toleranceGrad;
  private final double toleranceChange;
  private final int historySize;
  private ParameterMask mask;

  private float[] grad;
  private double[] g;
  private double[] prevG;
  private double[] d;
  private double[] q;
  private double[][] dirs;
  private double[][] stps;
  private double[] ro;
  private double[] al;
  private int histStart;
  private int histCount;
  private double t;
  private double hDiag = 1;
  private long iterations;
  private long evaluations;

  /** L-BFGS with PyTorch's defaults: lr 1, max_iter 20, max_eval 25, tolerances 1e-7 and 1e-9, history 100. */
  public Lbfgs() {
    this(1, 20, 25, 1e-7, 1e-9, 100);
  }

  /**
   * L-BFGS with PyTorch's arguments.
   *
   * @param lr the learning rate
   * @param maxIter iterations per step
   * @param maxEval closure evaluations per step
   * @param toleranceGrad stops when the largest gradient component is at most this
   * @param toleranceChange stops when the loss or the step changes less than this
   * @param historySize the number of curvature pairs kept
   */
  public Lbfgs(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange, int historySize) {
    Optimizers.checkLearningRate(lr);
    if (maxIter < 1 || maxEval < 1 || historySize < 1) {
      throw new IllegalArgumentException("max_iter, max_eval and history_size must be at least 1");
    }
    this.learningRate = lr;
    this.maxIter = maxIter;
    this.maxEval = maxEval;
    this.toleranceGrad = toleranceGrad;
    this.toleranceChange = toleranceChange;
    this.historySize = historySize;
  }

  /**
   * One PyTorch {@code LBFGS.step(closure)}: up to {@code max_iter} iterations. Returns the loss
   * of the first evaluation, as PyTorch does.
   * @param params the parameters, updated in place
   * @param closure evaluates the loss and gradient
   * @return the loss of the first evaluation
   */
  public double step(float[] params, Closure closure) {
    int n = params.length;
    if (g == null) {
      grad = new float[n];
      g = new double[n];
      prevG = new double[n];
      d = new double[n];
      q = new double[n];
      dirs = new double[historySize][];
      stps = new double[historySize][];
      ro = new double[historySize];
      al = new double[historySize];
      if (mask == null) {
        mask = ParameterMask.all(n);
      }
    } else if (g.length != n) {
      throw Optimizers.sizeChanged(g.length, n);
    }
    double origLoss = eval(params, closure);
    double loss = origLoss;
    int evals = 1;
    if (maxAbs(g) <= toleranceGrad) {
      return origLoss;
    }
    for (int nIter = 1; nIter <= maxIter; nIter++) {
      iterations++;
      if (iterations == 1) {
        for (int i = 0; i < n; i++) {
          d[i] = -g[i];
        }
        histCount = 0;
        histStart = 0;
        hDiag = 1;
      } else {
        double ys = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
          double y = g[i] - prevG[i];
          ys += y * d[i] * t;
          yy += y * y;
        }
        if (ys > 1e-10) {
          int slot;
          if (histCount == historySize) {
            slot = histStart;
            histStart = (histStart + 1) % historySize;
          } else {
            slot = (histStart + histCount) % historySize;
            histCount++;
          }
          if (dirs[slot] == null) {
            dirs[slot] = new double[n];
            stps[slot] = new double[n];
          }
          for (int i = 0; i < n; i++) {
            dirs[slot][i] = g[i] - prevG[i];
            stps[slot][i] = d[i] * t;
          }
          ro[slot] = 1 / ys;
          hDiag = ys / yy;
        }
        for (int i = 0; i < n; i++) {
          q[i] = -g[i];
        }
        for (int k = histCount - 1; k >= 0; k--) {
          int s = (histStart + k) % historySize;
          al[k] = dot(stps[s], q) * ro[s];
          axpy(-al[k], dirs[s], q);
        }
        for (int i = 0; i < n; i++) {
          d[i] = q[i] * hDiag;
        }
        for (int k = 0; k < histCount; k++) {
          int s = (histStart + k) % historySize;
          double be = dot(dirs[s], d) * ro[s];
          axpy(al[k] - be, stps[s], d);
        }
      }
      System.arraycopy(g, 0, prevG, 0, n);
      double prevLoss = loss;
      if (iterations == 1) {
        double l1 = 0;
        for (double v : g) {
          l1 += Math.abs(v);
        }
        t = Math.min(1, 1 / l1) * learningRate;
      } else {
        t = learningRate;
      }
      double gtd = dot(g, d);
      if (gtd > -toleranceChange) {
        break;
      }
      for (int i = 0; i < n; i++) {
        params[i] = (float) (params[i] + t * d[i]);
      }
      boolean optimal = false;
      if (nIter != maxIter) {
        loss = eval(params, closure);
        optimal = maxAbs(g) <= toleranceGrad;
        evals++;
      }
      if (nIter == maxIter || evals >= maxEval || optimal) {
        break;
      }
      if (maxAbs(d) * Math.abs(t) <= toleranceChange || Math.abs(loss - prevLoss) < toleranceChange) {
        break;
      }
    }
    return origLoss;
  }

  private double eval(float[] params, Closure closure) {
    evaluations++;
    double loss = closure.evaluate(params, grad);
    java.util.Arrays.fill(g, 0);
    for (int s = 0; s < mask.segments(); s++) {
      if (mask.trains(s)) {
        for (int i = mask.start(s); i < mask.end(s); i++) {
          g[i] = grad[i];
        }
      }
    }
    return loss;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /**
   * Closure evaluations so far.
   * @return the number of evaluations
   */
  public long evaluations() {
    return evaluations;
  }

  /** Unsupported: L-BFGS needs a closure; use {@link #step(float[], Closure)} or {@link LbfgsTrainer}. */
  @Override
  public void step(float[] params, float[] grads) {
    throw new UnsupportedOperationException(
        "L-BFGS evaluates the loss several times per step: train it with LbfgsTrainer or step(params, closure)");
  }

  @Override
  public void setMask(ParameterMask mask) {
    this.mask = mask;
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
  public String describe() {
    return "lbfgs(lr=" + learningRate + ", max_iter=" + maxIter + ", max_eval=" + maxEval
        + ", tolerance_grad=" + toleranceGrad + ", tolerance_change=" + toleranceChange
        + ", history_size=" + historySize + ")";
  }

  @Override
  public void reset() {
    g = null;
    iterations = 0;
    evaluations = 0;
    histCount = 0;
    hDiag = 1;
  }

  @Override
  public String toString() {
    return describe();
  }
}
