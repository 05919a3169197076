package dev.netc.runtime.train;

import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.optim.ParameterMask;

/**
 * Penalties, gradient clipping and max-norm constraints, applied by the {@link Trainer} around
 * each optimizer step, in the order practitioners expect:
 *
 * <ol>
 *   <li>{@code l1 * sign(p)} and {@code 2 * l2 * p} are added to the gradient (the gradients of
 *       {@code l1 * sum|p|} and {@code l2 * sum p^2}, Keras' convention) on tensors whose mask
 *       segment decays;
 *   <li>every gradient is clipped to {@code [-clipValue, clipValue]};
 *   <li>the gradient is scaled by {@code clipNorm / globalNorm} when its global L2 norm (over all
 *       trained tensors) exceeds {@code clipNorm};
 *   <li>after the step, each output unit's incoming weight vector of a dense weight ({@code [in,
 *       out]} layout: a column) is rescaled to L2 norm {@code maxNorm} when longer.
 * </ol>
 *
 * Frozen tensors and batch-norm statistics are never touched; no-decay tensors (biases,
 * normalization) get no penalty and no max-norm. 0 disables a setting. Allocates nothing.
 */
public record Regularizer(double l1, double l2, double clipValue, double clipNorm, double maxNorm) {

  /** No penalty, clipping or constraint. */
  public static final Regularizer NONE = new Regularizer(0, 0, 0, 0, 0);

  /**
   * Checks that every setting is finite and at least 0.
   * @param l1 the factor of {@code sum|p|}
   * @param l2 the factor of {@code sum p^2}
   * @param clipValue the bound of every gradient component
   * @param clipNorm the largest global gradient norm
   * @param maxNorm the largest dense weight column norm
   */
  public Regularizer {
    for (double v : new double[] {l1, l2, clipValue, clipNorm, maxNorm}) {
      if (!(v >= 0 && Double.isFinite(v))) {
        throw new IllegalArgumentException("regularization settings must be finite and >= 0, got " + v);
      }
    }
  }

  /**
   * {@return an L2 penalty alone}
   *
   * @param l2 the factor of {@code sum p^2}
   */
  public static Regularizer l2(double l2) {
    return NONE.withL2(l2);
  }

  /**
   * {@return a copy with the L1 factor {@code v}}
   *
   * @param v the factor of {@code sum|p|}
   */
  public Regularizer withL1(double v) {
    return new Regularizer(v, l2, clipValue, clipNorm, maxNorm);
  }

  /**
   * {@return a copy with the L2 factor {@code v}}
   *
   * @param v the factor of {@code sum p^2}
   */
  public Regularizer withL2(double v) {
    return new Regularizer(l1, v, clipValue, clipNorm, maxNorm);
  }

  /**
   * {@return a copy that clips every gradient to {@code [-v, v]}}
   *
   * @param v the bound
   */
  public Regularizer withClipValue(double v) {
    return new Regularizer(l1, l2, v, clipNorm, maxNorm);
  }

  /**
   * {@return a copy that scales the gradient down to global L2 norm {@code v}}
   *
   * @param v the largest norm
   */
  public Regularizer withClipNorm(double v) {
    return new Regularizer(l1, l2, clipValue, v, maxNorm);
  }

  /**
   * {@return a copy that rescales dense weight columns longer than {@code v}}
   *
   * @param v the largest column norm
   */
  public Regularizer withMaxNorm(double v) {
    return new Regularizer(l1, l2, clipValue, clipNorm, v);
  }

  /**
   * {@code l1 * sum|p| + l2 * sum p^2} over decaying tensors: the penalty part of the loss.
   * @param params the parameters
   * @param mask which tensors decay
   * @return the penalty
   */
  public double penalty(float[] params, ParameterMask mask) {
    if (l1 == 0 && l2 == 0) {
      return 0;
    }
    double s = 0;
    for (int k = 0; k < mask.segments(); k++) {
      if (mask.decays(k)) {
        for (int i = mask.start(k); i < mask.end(k); i++) {
          s += l1 * Math.abs(params[i]) + l2 * (double) params[i] * params[i];
        }
      }
    }
    return s;
  }

  /**
   * Steps 1-3 on {@code grads} in place.
   * @param params the parameters
   * @param grads the gradients, changed in place
   * @param mask which tensors are trained and decay
   */
  public void applyToGradients(float[] params, float[] grads, ParameterMask mask) {
    final float a = (float) l1;
    final float b = (float) (2 * l2);
    final float c = (float) clipValue;
    // One plain loop per enabled step: a data-dependent branch per element (the sign for L1)
    // or a running double sum nobody reads kept these loops at scalar speed.
    for (int k = 0; k < mask.segments(); k++) {
      if (!mask.trains(k)) {
        continue;
      }
      int start = mask.start(k);
      int end = mask.end(k);
      if (mask.decays(k) && b != 0) {
        for (int i = start; i < end; i++) {
          grads[i] += b * params[i];
        }
      }
      if (mask.decays(k) && a != 0) {
        for (int i = start; i < end; i++) {
          grads[i] += a * Math.signum(params[i]);
        }
      }
      if (c != 0) {
        for (int i = start; i < end; i++) {
          grads[i] = Math.max(-c, Math.min(c, grads[i]));
        }
      }
    }
    if (clipNorm != 0) {
      double sq = 0;
      for (int k = 0; k < mask.segments(); k++) {
        if (mask.trains(k)) {
          for (int i = mask.start(k), e = mask.end(k); i < e; i++) {
            sq += (double) grads[i] * grads[i];
          }
        }
      }
      double norm = Math.sqrt(sq);
      if (norm > clipNorm) {
        float scale = (float) (clipNorm / (norm + 1e-6));
        for (int k = 0; k < mask.segments(); k++) {
          if (mask.trains(k)) {
            for (int i = mask.start(k), e = mask.end(k); i < e; i++) {
              grads[i] *= scale;
            }
          }
        }
      }
    }
  }

  /**
   * Step 4 on {@code params} in place (rank-2 decaying tensors, per column).
   * @param params the parameters, changed in place
   * @param mask which tensors are trained and decay
   */
  public void constrain(float[] params, ParameterMask mask) {
    if (maxNorm == 0) {
      return;
    }
    for (int k = 0; k < mask.segments(); k++) {
      ParameterInfo info = mask.info(k);
      if (!mask.decays(k) || info == null || info.shape().length != 2) {
        continue;
      }
      int rows = info.shape()[0];
      int cols = info.shape()[1];
      int off = info.offset();
      for (int j = 0; j < cols; j++) {
        double sq = 0;
        for (int r = 0; r < rows; r++) {
          float w = params[off + r * cols + j];
          sq += (double) w * w;
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
          float scale = (float) (maxNorm / (norm + 1e-7));
          for (int r = 0; r < rows; r++) {
            params[off + r * cols + j] *= scale;
          }
        }
      }
    }
  }

  boolean active() {
    return l1 != 0 || l2 != 0 || clipValue != 0 || clipNorm != 0;
  }
}
