package dev.netc.runtime;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, with
 * PyTorch's {@code torch.optim.SGD} semantics (dampening 0), so hyper-parameters carry over:
 *
 * <pre>
 *   g = grad + weightDecay * p
 *   v = momentum * v + g              (v starts at 0, so the first v is g)
 *   d = nesterov ? g + momentum * v : v
 *   p = p - lr * d
 * </pre>
 *
 * Without momentum no state is kept. The velocity buffer is allocated on the first step.
 */
public final class Sgd implements Optimizer {
  private double learningRate;
  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;
  private float[] velocity;

  public Sgd(double learningRate) {
    this(learningRate, 0, false, 0);
  }

  public Sgd(double learningRate, double momentum) {
    this(learningRate, momentum, false, 0);
  }

  /**
   * @param learningRate step size, at least 0
   * @param momentum momentum factor in [0, 1)
   * @param nesterov whether to use Nesterov momentum (needs momentum greater than 0)
   * @param weightDecay L2 penalty coefficient, at least 0
   */
  public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
    Optimizers.checkLearningRate(learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("nesterov momentum needs momentum > 0");
    }
    if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
      throw new IllegalArgumentException("weight_decay must be at least 0, got " + weightDecay);
    }
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  public double momentum() {
    return momentum;
  }

  public boolean nesterov() {
    return nesterov;
  }

  public double weightDecay() {
    return weightDecay;
  }

  @Override
  public void step(float[] params, float[] grads) {
    Optimizers.checkLengths(params, grads);
    final float lr = (float) learningRate;
    final float wd = (float) weightDecay;
    final int n = params.length;
    if (momentum == 0) {
      for (int i = 0; i < n; i++) {
        params[i] -= lr * (grads[i] + wd * params[i]);
      }
      return;
    }
    if (velocity == null) {
      velocity = new float[n];
    } else if (velocity.length != n) {
      throw Optimizers.sizeChanged(velocity.length, n);
    }
    final float mu = (float) momentum;
    final float[] v = velocity;
    for (int i = 0; i < n; i++) {
      float g = grads[i] + wd * params[i];
      float vi = mu * v[i] + g;
      v[i] = vi;
      params[i] -= lr * (nesterov ? g + mu * vi : vi);
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
    StringBuilder s = new StringBuilder("sgd(lr=").append(learningRate);
    if (momentum != 0) {
      s.append(", momentum=").append(momentum);
    }
    if (nesterov) {
      s.append(", nesterov=1");
    }
    if (weightDecay != 0) {
      s.append(", weight_decay=").append(weightDecay);
    }
    return s.append(')').toString();
  }

  @Override
  public void reset() {
    velocity = null;
  }

  @Override
  public String toString() {
    return describe();
  }
}
