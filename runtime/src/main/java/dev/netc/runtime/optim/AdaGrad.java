package dev.netc.runtime.optim;

/**
 * AdaGrad with PyTorch's {@code torch.optim.Adagrad} semantics: per-parameter step sizes shrink
 * with the sum of squared gradients, which suits sparse features.
 *
 * <pre>
 *   t = t + 1
 *   g = grad + weightDecay * p
 *   clr = lr / (1 + (t - 1) * lrDecay)
 *   s = s + g * g                      (s starts at initialAccumulator)
 *   p = p + (-clr) * g / (sqrt(s) + eps)
 * </pre>
 *
 * PyTorch defaults: lr 0.01, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10.
 *
 * <p>Arithmetic mirrors PyTorch's vectorized CPU kernels, where {@code add(x, alpha)} and {@code
 * addcmul} are fused multiply-adds: hence {@code Math.fma}, which keeps the fixtures within 1e-6.
 */
public final class AdaGrad extends MaskedOptimizer {
  private final double lrDecay;
  private final double weightDecay;
  private final double initialAccumulator;
  private final double eps;
  private float[] sum;
  private float clr;

  /**
   * AdaGrad with PyTorch's defaults apart from the learning rate.
   *
   * @param learningRate the learning rate
   */
  public AdaGrad(double learningRate) {
    this(learningRate, 0, 0, 0, 1e-10);
  }

  /**
   * AdaGrad with PyTorch's arguments.
   *
   * @param learningRate the learning rate
   * @param lrDecay the learning-rate decay ({@code lr_decay})
   * @param weightDecay the L2 weight decay
   * @param initialAccumulator the accumulator's start value
   * @param eps term added to the denominator for numerical stability
   */
  public AdaGrad(double learningRate, double lrDecay, double weightDecay, double initialAccumulator, double eps) {
    super(learningRate);
    checkNonNegative(lrDecay, "lr_decay");
    checkNonNegative(weightDecay, "weight_decay");
    checkNonNegative(initialAccumulator, "initial_accumulator_value");
    checkNonNegative(eps, "eps");
    this.lrDecay = lrDecay;
    this.weightDecay = weightDecay;
    this.initialAccumulator = initialAccumulator;
    this.eps = eps;
  }

  @Override
  double weightDecay() {
    return weightDecay;
  }

  @Override
  void allocate(int n) {
    sum = new float[n];
    java.util.Arrays.fill(sum, (float) initialAccumulator);
  }

  @Override
  void beginStep() {
    clr = (float) -(learningRate / (1 + (steps - 1) * lrDecay));
  }

  @Override
  void update(float[] p, float[] grads, int from, int to, double weightDecay) {
    final float wd = (float) weightDecay;
    final float e = (float) eps;
    final float c = clr;
    final float[] s = sum;
    for (int i = from; i < to; i++) {
      float g = wd == 0 ? grads[i] : Math.fma(p[i], wd, grads[i]);
      float si = Math.fma(g, g, s[i]);
      s[i] = si;
      p[i] = p[i] + c * g / ((float) Math.sqrt(si) + e);
    }
  }

  @Override
  void clearState() {
    sum = null;
  }

  @Override
  public OptimizerState exportState() {
    return OptimizerState.of("adagrad", steps, learningRate, "sum", sum);
  }

  @Override
  public void importState(OptimizerState s) {
    s.checkName("adagrad");
    if (s.steps() == 0) {
      reset();
      learningRate = s.learningRate();
      return;
    }
    sum = need(s, "sum", -1);
    restored(s, sum.length);
  }

  @Override
  public String describe() {
    StringBuilder s = new StringBuilder("adagrad(lr=").append(learningRate);
    if (lrDecay != 0) {
      s.append(", lr_decay=").append(lrDecay);
    }
    if (weightDecay != 0) {
      s.append(", weight_decay=").append(weightDecay);
    }
    if (initialAccumulator != 0) {
      s.append(", initial_accumulator_value=").append(initialAccumulator);
    }
    return s.append(", eps=").append(eps).append(')').toString();
  }
}
