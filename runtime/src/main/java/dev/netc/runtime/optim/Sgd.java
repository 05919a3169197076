package dev.netc.runtime.optim;

import dev.netc.runtime.train.Trainer;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} semantics, so
 * hyper-parameters carry over (float32 arithmetic in PyTorch's order of operations; PyTorch's vectorized {@code add(x, alpha)} is a fused multiply-add, hence {@code Math.fma}):
 *
 * <pre>
 *   g = grad + weightDecay * p
 *   v = first step ? g : momentum * v + (1 - dampening) * g
 *   d = nesterov ? g + momentum * v : v          (d = g without momentum)
 *   p = p + (-lr) * d
 * </pre>
 *
 * Full-batch gradient descent ("GD") is this optimizer with the batch size set to the dataset
 * size ({@code TrainerBuilder.fullBatch()}): the algorithm is the same, only the batches differ.
 * Without momentum no state is kept; the velocity buffer is allocated on the first step.
 */
public final class Sgd extends MaskedOptimizer {
  private final double momentum;
  private final double dampening;
  private final boolean nesterov;
  private final double weightDecay;
  private float[] velocity;

  /**
   * Plain SGD.
   *
   * @param learningRate step size, at least 0
   */
  public Sgd(double learningRate) {
    this(learningRate, 0, false, 0);
  }

  /**
   * SGD with momentum.
   *
   * @param learningRate step size, at least 0
   * @param momentum the momentum factor
   */
  public Sgd(double learningRate, double momentum) {
    this(learningRate, momentum, false, 0);
  }

  /**
   * SGD with momentum, Nesterov and L2 weight decay, no dampening.
   *
   * @param learningRate step size, at least 0
   * @param momentum the momentum factor
   * @param nesterov whether to use Nesterov momentum
   * @param weightDecay the L2 weight decay factor
   */
  public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
    this(learningRate, momentum, 0, nesterov, weightDecay);
  }

  /**
   * @param learningRate step size, at least 0
   * @param momentum momentum factor in [0, 1)
   * @param dampening dampening for momentum in [0, 1] (PyTorch default 0)
   * @param nesterov whether to use Nesterov momentum (needs momentum > 0 and dampening 0)
   * @param weightDecay L2 penalty coefficient, at least 0
   */
  public Sgd(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay) {
    super(learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (!(dampening >= 0 && dampening <= 1)) {
      throw new IllegalArgumentException("dampening must be in [0, 1], got " + dampening);
    }
    if (nesterov && (momentum == 0 || dampening != 0)) {
      throw new IllegalArgumentException("nesterov momentum needs momentum > 0 and zero dampening");
    }
    checkNonNegative(weightDecay, "weight_decay");
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  /** {@return the momentum factor} */
  public double momentum() {
    return momentum;
  }

  /** {@return the dampening of the momentum} */
  public double dampening() {
    return dampening;
  }

  /** {@return whether Nesterov momentum is used} */
  public boolean nesterov() {
    return nesterov;
  }

  @Override
  public double weightDecay() {
    return weightDecay;
  }

  @Override
  void allocate(int n) {
    velocity = momentum == 0 ? null : new float[n];
  }

  @Override
  void update(float[] p, float[] g, int from, int to, double weightDecay) {
    final float lr = (float) -learningRate;
    final float wd = (float) weightDecay;
    if (momentum == 0) {
      for (int i = from; i < to; i++) {
        float d = wd == 0 ? g[i] : Math.fma(p[i], wd, g[i]);
        p[i] = Math.fma(d, lr, p[i]);
      }
      return;
    }
    final float mu = (float) momentum;
    final float damp = (float) (1 - dampening);
    final boolean first = steps == 1;
    final float[] v = velocity;
    for (int i = from; i < to; i++) {
      float d = wd == 0 ? g[i] : Math.fma(p[i], wd, g[i]);
      float vi = first ? d : Math.fma(d, damp, v[i] * mu);
      v[i] = vi;
      p[i] = Math.fma(nesterov ? Math.fma(vi, mu, d) : vi, lr, p[i]);
    }
  }

  @Override
  void clearState() {
    velocity = null;
  }

  @Override
  public OptimizerState exportState() {
    return OptimizerState.of("sgd", steps, learningRate, "momentum_buffer", velocity);
  }

  @Override
  public void importState(OptimizerState s) {
    s.checkName("sgd");
    reset();
    if (momentum != 0 && s.steps() > 0) {
      velocity = need(s, "momentum_buffer", -1);
      restored(s, velocity.length);
    }
    steps = s.steps();
    learningRate = s.learningRate();
  }

  @Override
  public String describe() {
    StringBuilder s = new StringBuilder("sgd(lr=").append(learningRate);
    if (momentum != 0) {
      s.append(", momentum=").append(momentum);
    }
    if (dampening != 0) {
      s.append(", dampening=").append(dampening);
    }
    if (nesterov) {
      s.append(", nesterov=1");
    }
    if (weightDecay != 0) {
      s.append(", weight_decay=").append(weightDecay);
    }
    return s.append(')').toString();
  }
}
