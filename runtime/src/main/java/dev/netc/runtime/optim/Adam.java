package dev.netc.runtime.optim;

/**
 * Adam and AdamW with PyTorch's {@code torch.optim.Adam}/{@code AdamW} semantics (float32
 * arithmetic in PyTorch's order; bias corrections in double, as PyTorch computes them in Python):
 *
 * <pre>
 *   t = t + 1
 *   AdamW:  p = p * (1 - lr * weightDecay)          (decoupled decay)
 *   Adam:   g = grad + weightDecay * p              (L2 added to the gradient)
 *   m = m * beta1 + (1 - beta1) * g
 *   v = v * beta2 + (1 - beta2) * g * g
 *   p = p + (-lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * PyTorch defaults: Adam lr 0.001, betas (0.9, 0.999), eps 1e-8, weight decay 0; AdamW the same
 * but weight decay 0.01.
 *
 * <p>Arithmetic mirrors PyTorch's vectorized CPU kernels, where {@code add(x, alpha)} and {@code
 * addcmul} are fused multiply-adds: hence {@code Math.fma}, which keeps the fixtures within 1e-6.
 */
public final class Adam extends MaskedOptimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupled;
  private float[] m;
  private float[] v;
  private float stepSize;
  private float bc2Sqrt;

  /**
   * Adam with beta1 0.9, beta2 0.999, eps 1e-8 and no weight decay.
   *
   * @param learningRate the learning rate
   */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * Adam with L2 weight decay added to the gradient.
   * @param learningRate the learning rate
   * @param beta1 decay rate of the first-moment estimate
   * @param beta2 decay rate of the second-moment estimate
   * @param eps term added to the denominator for numerical stability
   * @param weightDecay the weight decay factor
   */
  public Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay) {
    this(learningRate, beta1, beta2, eps, weightDecay, false);
  }

  /**
   * @param decoupled true for AdamW: decay multiplies the weights instead of entering the moments
   * @param learningRate the learning rate
   * @param beta1 decay rate of the first-moment estimate
   * @param beta2 decay rate of the second-moment estimate
   * @param eps term added to the denominator for numerical stability
   * @param weightDecay the weight decay factor
   */
  public Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
    super(learningRate);
    checkRange(beta1, 0, 1, "beta1");
    checkRange(beta2, 0, 1, "beta2");
    checkNonNegative(eps, "eps");
    checkNonNegative(weightDecay, "weight_decay");
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  /**
   * AdamW with PyTorch's defaults (lr 0.001, weight decay 0.01).
   * @param learningRate the learning rate
   * @param weightDecay the decoupled weight decay factor
   * @return the optimizer
   */
  public static Adam adamW(double learningRate, double weightDecay) {
    return new Adam(learningRate, 0.9, 0.999, 1e-8, weightDecay, true);
  }

  /** {@return the decay rate of the first-moment estimate} */
  public double beta1() {
    return beta1;
  }

  /** {@return the decay rate of the second-moment estimate} */
  public double beta2() {
    return beta2;
  }

  /** {@return the term added to the denominator for numerical stability} */
  public double eps() {
    return eps;
  }

  /** {@return whether weight decay is decoupled (AdamW)} */
  public boolean decoupled() {
    return decoupled;
  }

  @Override
  public double weightDecay() {
    return weightDecay;
  }

  @Override
  void allocate(int n) {
    m = new float[n];
    v = new float[n];
  }

  @Override
  void beginStep() {
    stepSize = (float) (learningRate / (1 - Math.pow(beta1, steps)));
    bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, steps));
  }

  @Override
  void update(float[] p, float[] grads, int from, int to, double weightDecay) {
    final float b1 = (float) beta1;
    final float b2 = (float) beta2;
    final float c1 = (float) (1 - beta1);
    final float c2 = (float) (1 - beta2);
    final float wd = decoupled ? 0f : (float) weightDecay;
    final float shrink = (float) (1 - learningRate * weightDecay);
    final boolean decay = decoupled && weightDecay != 0;
    final float step = -stepSize;
    final float bc = bc2Sqrt;
    final float e = (float) eps;
    final float[] mm = m;
    final float[] vv = v;
    for (int i = from; i < to; i++) {
      float pi = p[i];
      if (decay) {
        pi = pi * shrink;
      }
      float g = wd == 0 ? grads[i] : Math.fma(pi, wd, grads[i]);
      float mi = Math.fma(g, c1, mm[i] * b1);
      float vi = Math.fma(c2 * g, g, vv[i] * b2);
      mm[i] = mi;
      vv[i] = vi;
      p[i] = pi + step * mi / ((float) Math.sqrt(vi) / bc + e);
    }
  }

  @Override
  void clearState() {
    m = null;
    v = null;
  }

  private String name() {
    return decoupled ? "adamw" : "adam";
  }

  @Override
  public OptimizerState exportState() {
    return OptimizerState.of(name(), steps, learningRate, "exp_avg", m, "exp_avg_sq", v);
  }

  @Override
  public void importState(OptimizerState s) {
    s.checkName(name());
    if (s.steps() == 0) {
      reset();
      learningRate = s.learningRate();
      return;
    }
    m = need(s, "exp_avg", -1);
    v = need(s, "exp_avg_sq", m.length);
    restored(s, m.length);
  }

  @Override
  public String describe() {
    StringBuilder s =
        new StringBuilder(name()).append("(lr=").append(learningRate).append(", beta1=").append(beta1)
            .append(", beta2=").append(beta2).append(", eps=").append(eps);
    if (weightDecay != 0) {
      s.append(", weight_decay=").append(weightDecay);
    }
    return s.append(')').toString();
  }
}
