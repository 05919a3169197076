package dev.netc.runtime.optim;

/**
 * RMSProp with PyTorch's {@code torch.optim.RMSprop} semantics:
 *
 * <pre>
 *   g = grad + weightDecay * p
 *   s = s * alpha + (1 - alpha) * g * g
 *   centered:  a = a * alpha + (1 - alpha) * g;   r = sqrt(s - a * a) + eps
 *   otherwise: r = sqrt(s) + eps
 *   momentum:  b = b * momentum + g / r;  p = p + (-lr) * b
 *   otherwise: p = p + (-lr) * g / r
 * </pre>
 *
 * PyTorch defaults: lr 0.01, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false.
 *
 * <p>Arithmetic mirrors PyTorch's vectorized CPU kernels, where {@code add(x, alpha)} and {@code
 * addcmul} are fused multiply-adds: hence {@code Math.fma}, which keeps the fixtures within 1e-6.
 */
public final class RmsProp extends MaskedOptimizer {
  private final double alpha;
  private final double eps;
  private final double weightDecay;
  private final double momentum;
  private final boolean centered;
  private float[] square;
  private float[] gradAvg;
  private float[] buf;

  /**
   * RMSProp with PyTorch's defaults apart from the learning rate.
   *
   * @param learningRate the learning rate
   */
  public RmsProp(double learningRate) {
    this(learningRate, 0.99, 1e-8, 0, 0, false);
  }

  /**
   * RMSProp with PyTorch's arguments.
   *
   * @param learningRate the learning rate
   * @param alpha the smoothing constant of the squared-gradient average
   * @param eps term added to the denominator for numerical stability
   * @param weightDecay the L2 weight decay
   * @param momentum the momentum factor
   * @param centered whether to divide by the estimated variance instead of the second moment
   */
  public RmsProp(double learningRate, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
    super(learningRate);
    checkRange(alpha, 0, 1.0000001, "alpha");
    checkNonNegative(eps, "eps");
    checkNonNegative(weightDecay, "weight_decay");
    checkRange(momentum, 0, 1, "momentum");
    this.alpha = alpha;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.centered = centered;
  }

  @Override
  double weightDecay() {
    return weightDecay;
  }

  @Override
  void allocate(int n) {
    square = new float[n];
    gradAvg = centered ? new float[n] : null;
    buf = momentum > 0 ? new float[n] : null;
  }

  @Override
  void update(float[] p, float[] grads, int from, int to, double weightDecay) {
    final float wd = (float) weightDecay;
    final float a = (float) alpha;
    final float ca = (float) (1 - alpha);
    final float e = (float) eps;
    final float mu = (float) momentum;
    final float lr = (float) -learningRate;
    final float[] s = square;
    final float[] ga = gradAvg;
    final float[] b = buf;
    for (int i = from; i < to; i++) {
      float g = wd == 0 ? grads[i] : Math.fma(p[i], wd, grads[i]);
      float si = Math.fma(ca * g, g, s[i] * a);
      s[i] = si;
      float r;
      if (ga != null) {
        float gi = Math.fma(g, ca, ga[i] * a);
        ga[i] = gi;
        r = (float) Math.sqrt(Math.fma(-gi, gi, si)) + e;
      } else {
        r = (float) Math.sqrt(si) + e;
      }
      if (b != null) {
        float bi = b[i] * mu + g / r;
        b[i] = bi;
        p[i] = Math.fma(bi, lr, p[i]);
      } else {
        p[i] = p[i] + lr * g / r;
      }
    }
  }

  @Override
  void clearState() {
    square = null;
    gradAvg = null;
    buf = null;
  }

  @Override
  public OptimizerState exportState() {
    return OptimizerState.of("rmsprop", steps, learningRate, "square_avg", square, "grad_avg", gradAvg, "momentum_buffer", buf);
  }

  @Override
  public void importState(OptimizerState s) {
    s.checkName("rmsprop");
    if (s.steps() == 0) {
      reset();
      learningRate = s.learningRate();
      return;
    }
    square = need(s, "square_avg", -1);
    gradAvg = centered ? need(s, "grad_avg", square.length) : null;
    buf = momentum > 0 ? need(s, "momentum_buffer", square.length) : null;
    restored(s, square.length);
  }

  @Override
  public String describe() {
    StringBuilder s = new StringBuilder("rmsprop(lr=").append(learningRate).append(", alpha=").append(alpha)
        .append(", eps=").append(eps);
    if (weightDecay != 0) {
      s.append(", weight_decay=").append(weightDecay);
    }
    if (momentum != 0) {
      s.append(", momentum=").append(momentum);
    }
    if (centered) {
      s.append(", centered=1");
    }
    return s.append(')').toString();
  }
}
