package dev.netc.runtime;

/**
 * Adam with PyTorch's {@code torch.optim.Adam} semantics (bias-corrected moments, epsilon added
 * after the square root, weight decay as an L2 term added to the gradient, not AdamW):
 *
 * <pre>
 *   t = t + 1
 *   g = grad + weightDecay * p
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * The moment buffers are allocated on the first step; the bias corrections are computed once per
 * step in double precision.
 */
public final class Adam implements Optimizer {
  private double learningRate;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private float[] m;
  private float[] v;
  private long t;

  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * @param learningRate step size, at least 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator for stability, at least 0
   * @param weightDecay L2 penalty coefficient, at least 0
   */
  public Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay) {
    Optimizers.checkLearningRate(learningRate);
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    }
    if (!(eps >= 0 && Double.isFinite(eps))) {
      throw new IllegalArgumentException("eps must be at least 0, got " + eps);
    }
    if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
      throw new IllegalArgumentException("weight_decay must be at least 0, got " + weightDecay);
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double eps() {
    return eps;
  }

  public double weightDecay() {
    return weightDecay;
  }

  /** Steps taken since construction or {@link #reset()}. */
  public long steps() {
    return t;
  }

  @Override
  public void step(float[] params, float[] grads) {
    Optimizers.checkLengths(params, grads);
    final int n = params.length;
    if (m == null) {
      m = new float[n];
      v = new float[n];
    } else if (m.length != n) {
      throw Optimizers.sizeChanged(m.length, n);
    }
    t++;
    final float b1 = (float) beta1;
    final float b2 = (float) beta2;
    final float c1 = (float) (1 - beta1);
    final float c2 = (float) (1 - beta2);
    final float wd = (float) weightDecay;
    final float stepSize = (float) (learningRate / (1 - Math.pow(beta1, t)));
    final float invSqrtBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
    final float e = (float) eps;
    final float[] mm = m;
    final float[] vv = v;
    for (int i = 0; i < n; i++) {
      float g = grads[i] + wd * params[i];
      float mi = b1 * mm[i] + c1 * g;
      float vi = b2 * vv[i] + c2 * g * g;
      mm[i] = mi;
      vv[i] = vi;
      params[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + e);
    }
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
    StringBuilder s =
        new StringBuilder("adam(lr=")
            .append(learningRate)
            .append(", beta1=")
            .append(beta1)
            .append(", beta2=")
            .append(beta2)
            .append(", eps=")
            .append(eps);
    if (weightDecay != 0) {
      s.append(", weight_decay=").append(weightDecay);
    }
    return s.append(')').toString();
  }

  @Override
  public void reset() {
    m = null;
    v = null;
    t = 0;
  }

  @Override
  public String toString() {
    return describe();
  }
}
