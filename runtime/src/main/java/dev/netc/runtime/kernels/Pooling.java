package dev.netc.runtime.kernels;

/**
 * Max and average pooling over channels-first examples {@code [channels, h, w]} without padding
 * (a 1d pool is the case {@code h = kh = sh = 1}), for any window and stride: the kernels the
 * generated pooling layers call. Padded pools keep their generated loops.
 *
 * <p>Max pooling records, per output, the input index of its maximum within the example (as a
 * float: examples are at most 2^24 floats) when an {@code argmax} buffer is given, the first
 * occurrence in window order on ties, branch-free (a mispredicted branch per window costs more
 * than the window; equal infinities count as different, the one exception to the first
 * occurrence); at inference the caller passes {@code null} and no index is computed.
 * Average pooling divides by the window area.
 *
 * <p>The common 2x2 window at stride 2 over rows of even width runs on {@code
 * jdk.incubator.vector} when the matrix kernels do ({@link Gemm#simd()}): the horizontal pairs of
 * an example are contiguous across its rows, so the first half of the comparisons runs on whole
 * vectors over the flat example (even and odd lanes separated by a two-vector rearrange), and a
 * scalar pass combines vertical pairs. Both paths give the same bits: max and sums of two in the
 * same order.
 */
public final class Pooling {
  private static final boolean SIMD = Gemm.simd();

  private Pooling() {}

  /**
   * {@code y = max over each window}, and {@code argmax = the input index of each maximum within
   * its example} unless {@code argmax} is null.
   * @param batch examples
   * @param channels channels per example
   * @param h input height
   * @param w input width
   * @param kh window height
   * @param kw window width
   * @param sh vertical stride
   * @param sw horizontal stride
   * @param x input, {@code batch * channels * h * w} floats from index 0
   * @param y output, {@code batch * channels * oh * ow} floats from index 0, where {@code oh =
   *     (h - kh) / sh + 1} and {@code ow = (w - kw) / sw + 1}
   * @param argmax per output the index of its maximum within the example's input, or null
   */
  public static void max(int batch, int channels, int h, int w, int kh, int kw, int sh, int sw,
      float[] x, float[] y, float[] argmax) {
    max(batch, channels, h, w, kh, kw, sh, sw, x, y, argmax, SIMD);
  }

  /** {@link #max}, on the SIMD path or not (tests compare both). */
  static void max(int batch, int channels, int h, int w, int kh, int kw, int sh, int sw,
      float[] x, float[] y, float[] argmax, boolean simd) {
    int oh = (h - kh) / sh + 1;
    int ow = (w - kw) / sw + 1;
    int in = channels * h * w;
    int out = channels * oh * ow;
    boolean pairs = kh == 2 && kw == 2 && sh == 2 && sw == 2 && (w & 1) == 0;
    for (int b = 0; b < batch; b++) {
      if (pairs) {
        max2x2(channels, h, w, x, b * in, y, b * out, argmax, simd);
      } else {
        maxWindows(channels, h, w, kh, kw, sh, sw, oh, ow, x, b * in, y, b * out, argmax);
      }
    }
  }

  /**
   * {@code y = the mean of each window}.
   * @param batch examples
   * @param channels channels per example
   * @param h input height
   * @param w input width
   * @param kh window height
   * @param kw window width
   * @param sh vertical stride
   * @param sw horizontal stride
   * @param x input, {@code batch * channels * h * w} floats from index 0
   * @param y output, {@code batch * channels * oh * ow} floats from index 0
   */
  public static void average(int batch, int channels, int h, int w, int kh, int kw, int sh, int sw,
      float[] x, float[] y) {
    average(batch, channels, h, w, kh, kw, sh, sw, x, y, SIMD);
  }

  /** {@link #average}, on the SIMD path or not (tests compare both). */
  static void average(int batch, int channels, int h, int w, int kh, int kw, int sh, int sw,
      float[] x, float[] y, boolean simd) {
    int oh = (h - kh) / sh + 1;
    int ow = (w - kw) / sw + 1;
    int in = channels * h * w;
    int out = channels * oh * ow;
    boolean pairs = kh == 2 && kw == 2 && sh == 2 && sw == 2 && (w & 1) == 0;
    for (int b = 0; b < batch; b++) {
      if (pairs) {
        average2x2(channels, h, w, x, b * in, y, b * out, simd);
      } else {
        averageWindows(channels, h, w, kh, kw, sh, sw, oh, ow, x, b * in, y, b * out);
      }
    }
  }

  /**
   * Max pooling's backward pass: {@code gx[example, argmax] += gy} for every output (the caller
   * clears {@code gx} first unless it accumulates).
   * @param batch examples
   * @param in input floats per example
   * @param out output floats per example
   * @param gy the output gradient
   * @param argmax the indices the training forward pass recorded
   * @param gx the input gradient, added to
   */
  public static void maxBackward(int batch, int in, int out, float[] gy, float[] argmax, float[] gx) {
    for (int b = 0; b < batch; b++) {
      int xo = b * in;
      int o = b * out;
      for (int end = o + out; o < end; o++) {
        gx[xo + (int) argmax[o]] += gy[o];
      }
    }
  }

  /**
   * Average pooling's backward pass: every input of a window gets {@code gy / area} added.
   * @param batch examples
   * @param channels channels per example
   * @param h input height
   * @param w input width
   * @param kh window height
   * @param kw window width
   * @param sh vertical stride
   * @param sw horizontal stride
   * @param gy the output gradient
   * @param gx the input gradient, added to
   */
  public static void averageBackward(int batch, int channels, int h, int w, int kh, int kw, int sh,
      int sw, float[] gy, float[] gx) {
    int oh = (h - kh) / sh + 1;
    int ow = (w - kw) / sw + 1;
    float inv = 1f / (kh * kw);
    int o = 0;
    for (int b = 0; b < batch; b++) {
      for (int ch = 0; ch < channels; ch++) {
        int plane = (b * channels + ch) * h * w;
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            float s = gy[o++] * inv;
            int i0 = plane + oy * sh * w + ox * sw;
            for (int ky = 0; ky < kh; ky++) {
              int row = i0 + ky * w;
              for (int kx = 0; kx < kw; kx++) {
                gx[row + kx] += s;
              }
            }
          }
        }
      }
    }
  }

  /** One example, 2x2 windows at stride 2, {@code w} even. */
  private static void max2x2(int channels, int h, int w, float[] x, int xo, float[] y, int yo,
      float[] argmax, boolean simd) {
    int half = w / 2;
    int pairs = channels * h * half;
    // horizontal pairs first (values, then indices within the example), vertical pairs second:
    // row-major window order, so ties keep the first element of the window
    float[] t = Scratch.get(Scratch.OPERAND, argmax == null ? pairs : 2 * pairs);
    int done = 0;
    if (simd) {
      done = argmax == null
          ? VectorPooling.pairMax(pairs, x, xo, t)
          : VectorPooling.pairMaxArg(pairs, x, xo, t, pairs);
    }
    if (argmax == null) {
      for (int i = done; i < pairs; i++) {
        t[i] = Math.max(x[xo + 2 * i], x[xo + 2 * i + 1]);
      }
    } else {
      for (int i = done; i < pairs; i++) {
        float e = x[xo + 2 * i];
        float m = Math.max(e, x[xo + 2 * i + 1]);
        t[i] = m;
        // 1 unless e is the maximum: bits(m - e) is +0 exactly then
        t[pairs + i] = 2 * i + (1 - ((Float.floatToRawIntBits(m - e) - 1) >>> 31));
      }
    }
    int oh = h / 2;
    int o = yo;
    for (int ch = 0; ch < channels; ch++) {
      for (int oy = 0; oy < oh; oy++) {
        int top = (ch * h + 2 * oy) * half;
        int bottom = top + half;
        if (argmax == null) {
          for (int j = 0; j < half; j++) {
            y[o++] = Math.max(t[top + j], t[bottom + j]);
          }
        } else {
          for (int j = 0; j < half; j++) {
            float u = t[top + j];
            float m = Math.max(u, t[bottom + j]);
            float lower = t[pairs + bottom + j];
            int first = (Float.floatToRawIntBits(m - u) - 1) >>> 31;
            y[o] = m;
            argmax[o++] = lower + first * (t[pairs + top + j] - lower);
          }
        }
      }
    }
  }

  /** One example, 2x2 windows at stride 2, {@code w} even. */
  private static void average2x2(int channels, int h, int w, float[] x, int xo, float[] y, int yo,
      boolean simd) {
    int half = w / 2;
    int pairs = channels * h * half;
    float[] t = Scratch.get(Scratch.OPERAND, pairs);
    int done = simd ? VectorPooling.pairSum(pairs, x, xo, t) : 0;
    for (int i = done; i < pairs; i++) {
      t[i] = x[xo + 2 * i] + x[xo + 2 * i + 1];
    }
    int oh = h / 2;
    int o = yo;
    for (int ch = 0; ch < channels; ch++) {
      for (int oy = 0; oy < oh; oy++) {
        int top = (ch * h + 2 * oy) * half;
        int bottom = top + half;
        for (int j = 0; j < half; j++) {
          y[o++] = (t[top + j] + t[bottom + j]) * 0.25f;
        }
      }
    }
  }

  /** One example, any window: the maximum, then its first occurrence found scanning backwards. */
  private static void maxWindows(int channels, int h, int w, int kh, int kw, int sh, int sw, int oh,
      int ow, float[] x, int xo, float[] y, int yo, float[] argmax) {
    int o = yo;
    for (int ch = 0; ch < channels; ch++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int i0 = ch * h * w + oy * sh * w + ox * sw;
          float best = Float.NEGATIVE_INFINITY;
          for (int ky = 0; ky < kh; ky++) {
            int row = xo + i0 + ky * w;
            for (int kx = 0; kx < kw; kx++) {
              best = Math.max(best, x[row + kx]);
            }
          }
          y[o] = best;
          if (argmax != null) {
            int arg = i0 + (kh - 1) * w + kw - 1;
            for (int ky = kh - 1; ky >= 0; ky--) {
              for (int kx = kw - 1; kx >= 0; kx--) {
                int i = i0 + ky * w + kx;
                arg += ((Float.floatToRawIntBits(best - x[xo + i]) - 1) >>> 31) * (i - arg);
              }
            }
            argmax[o] = arg;
          }
          o++;
        }
      }
    }
  }

  private static void averageWindows(int channels, int h, int w, int kh, int kw, int sh, int sw,
      int oh, int ow, float[] x, int xo, float[] y, int yo) {
    float inv = 1f / (kh * kw);
    int o = yo;
    for (int ch = 0; ch < channels; ch++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int i0 = xo + ch * h * w + oy * sh * w + ox * sw;
          float s = 0f;
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              s += x[i0 + ky * w + kx];
            }
          }
          y[o++] = s * inv;
        }
      }
    }
  }
}
