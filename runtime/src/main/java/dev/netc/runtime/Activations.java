package dev.netc.runtime;

/**
 * Activation functions and their derivatives that generated code calls where an inline
 * expression would be unreadable. Small static methods: the JIT inlines them.
 */
public final class Activations {
  private Activations() {}

  private static final double SQRT_2 = Math.sqrt(2.0);
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

  /**
   * The logistic function, in double. No branch: for very negative x, {@code exp(-x)} overflows to
   * infinity and the result is exactly 0, as it should be; the old two-branch form (which kept
   * exp's argument non-positive) gave the same floats but, mispredicting on about half of the
   * inputs, ran at half the speed in recurrent cell loops.
   * @param x the input
   * @return sigmoid(x)
   */
  public static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }

  /**
   * Hyperbolic tangent, equal to {@code (float) Math.tanh(x)} to the float bit (checked on
   * samples from 1e-30 to 100) but through {@code Math.exp}, which HotSpot intrinsifies, where
   * JDK 17's {@code Math.tanh} is a native call: about 7x faster, which matters in recurrent
   * cells. {@code 1 - 2 / (e^2x + 1)} has an absolute error near 1e-16 that is a large relative
   * error for tiny x, so below 1e-3 the series {@code x (1 - x²/3)} is used (a select, well
   * predicted, both sides computed). The tails give exactly ±1 (exp overflows to infinity or
   * underflows to 0), NaN stays NaN, -0 stays -0.
   * @param x the input
   * @return tanh(x)
   */
  public static float tanh(float x) {
    double v = x;
    double t = 1.0 - 2.0 / (Math.exp(2.0 * v) + 1.0);
    return (float) (Math.abs(v) < 1e-3 ? v * (1.0 - v * v / 3.0) : t);
  }

  /**
   * log(1 + e^x) without overflow.
   * @param x the input
   * @return softplus(x)
   */
  public static float softplus(float x) {
    return (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
  }

  /**
   * d softplus / dx from the output y: sigmoid(x) = 1 - e^-y, accurate for tiny y.
   * @param y the softplus output
   * @return the derivative at the input that gave {@code y}
   */
  public static float softplusGradFromOutput(float y) {
    return (float) -Math.expm1(-y);
  }

  /**
   * Exact GELU, x * Phi(x), as PyTorch's default.
   * @param x the input
   * @return gelu(x)
   */
  public static float gelu(float x) {
    return (float) (x * cdf(x));
  }

  /**
   * {@return the derivative of exact GELU at {@code x}: Phi(x) + x * phi(x)}
   *
   * @param x the input
   */
  public static float geluGrad(float x) {
    double pdf = INV_SQRT_2PI * Math.exp(-0.5 * (double) x * x);
    return (float) (cdf(x) + x * pdf);
  }

  /**
   * The standard normal distribution function Phi(x). Below {@code x = -1/sqrt 2}, {@code
   * 1 + erf(x / sqrt 2)} would cancel (to 0 below about -8.3, where GELU and its derivative are
   * still normal floats), so the tail is {@code erfc(|x| / sqrt 2) / 2} directly.
   */
  private static double cdf(float x) {
    double z = x / SQRT_2;
    return z < -0.5 ? 0.5 * erfcAtLeastHalf(-z) : 0.5 * (1.0 + erf(z));
  }

  /**
   * SiLU (swish): x * sigmoid(x).
   * @param x the input
   * @return silu(x)
   */
  public static float silu(float x) {
    return x * sigmoid(x);
  }

  /**
   * {@return the derivative of SiLU at {@code x}: s * (1 + x * (1 - s)) with s = sigmoid(x)}
   *
   * @param x the input
   */
  public static float siluGrad(float x) {
    float s = sigmoid(x);
    return s * (1 + x * (1 - s));
  }

  /**
   * {@return ELU: {@code x} when positive, else {@code alpha * (e^x - 1)}}
   *
   * @param x the input
   * @param alpha the scale of the negative part
   */
  public static float elu(float x, float alpha) {
    return x > 0 ? x : (float) (alpha * Math.expm1(x));
  }

  /**
   * Error function, W. J. Cody's rational approximations (as in many libm implementations),
   * absolute error below 1e-15: far below float precision.
   * @param x the argument
   * @return erf(x)
   */
  public static double erf(double x) {
    double ax = Math.abs(x);
    if (ax < 0.5) {
      double t = x * x;
      double num = (((1.85777706184603153e-1 * t + 3.16112374387056560e0) * t
          + 1.13864154151050156e2) * t + 3.77485237685302021e2) * t + 3.20937758913846947e3;
      double den = (((t + 2.36012909523441209e1) * t + 2.44024637934444173e2) * t
          + 1.28261652607737228e3) * t + 2.84423683343917062e3;
      return x * num / den;
    }
    double r = 1.0 - erfcAtLeastHalf(ax);
    return x < 0 ? -r : r;
  }

  /** erfc(ax) for {@code ax >= 0.5}: Cody's two tail approximations, 0 from 27 on (underflow). */
  private static double erfcAtLeastHalf(double ax) {
    if (ax < 4.0) {
      double num = (((((((2.15311535474403846e-8 * ax + 5.64188496988670089e-1) * ax
          + 8.88314979438837594e0) * ax + 6.61191906371416295e1) * ax
          + 2.98635138197400131e2) * ax + 8.81952221241769090e2) * ax
          + 1.71204761263407058e3) * ax + 2.05107837782607147e3) * ax + 1.23033935479799725e3;
      double den = (((((((ax + 1.57449261107098347e1) * ax + 1.17693950891312499e2) * ax
          + 5.37181101862009858e2) * ax + 1.62138957456669019e3) * ax
          + 3.29079923573345963e3) * ax + 4.36261909014324716e3) * ax
          + 3.43936767414372164e3) * ax + 1.23033935480374942e3;
      return Math.exp(-ax * ax) * num / den;
    }
    if (ax < 27) {
      double z = 1.0 / (ax * ax);
      double num = ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z
          + 3.60344899949804439e-1) * z + 1.25781726111229246e-1) * z
          + 1.60837851487422766e-2) * z + 6.58749161529837803e-4;
      double den = ((((z + 2.56852019228982242e0) * z + 1.87295284992346725e0) * z
          + 5.27905102951428412e-1) * z + 6.05183413124413191e-2) * z + 2.33520497626869185e-3;
      double p = z * num / den;
      return Math.exp(-ax * ax) / ax * (0.5641895835477563 - p);
    }
    return 0.0;
  }

  /**
   * 1 for {@code v > 0}, else 0, without a branch: the relu derivative from its output. A
   * data-dependent branch (or ternary) here mispredicts on about half of the units and keeps C2
   * from vectorizing the loop; this form ran 12x faster over a batch of conv outputs. The raw
   * bits {@code b} of v are a positive int exactly for positive v (and positive NaN), so the sign
   * bit of {@code -b & ~b} is the answer: {@code -b} alone is also negative for {@code -0f}
   * (bits {@code Integer.MIN_VALUE}, its own negation), which leaky_relu and elu with alpha 0
   * output for every negative input and which must give 0, not 1.
   * @param v the relu output
   * @return 1 or 0
   */
  public static float step(float v) {
    int b = Float.floatToRawIntBits(v);
    return (float) ((-b & ~b) >>> 31);
  }

  /**
   * Leaky relu derivative from its output (same sign as its input): 1 if positive, else alpha.
   * @param y the leaky relu output
   * @param alpha the slope below zero
   * @return 1 or {@code alpha}
   */
  public static float leakyStep(float y, float alpha) {
    return alpha + (1f - alpha) * step(y);
  }

  /**
   * ELU derivative from its output: 1 if positive, else {@code y + alpha}.
   * @param y the ELU output
   * @param alpha the ELU scale
   * @return the derivative
   */
  public static float eluGradFromOutput(float y, float alpha) {
    float s = step(y);
    return s + (1f - s) * (y + alpha);
  }
}
