package dev.netc.runtime.kernels;

import java.util.Arrays;

/**
 * Direct convolution at stride 1 on channels-first images, for the generated code of the {@code
 * direct} convolution variant: no im2col matrix, each tap a shifted run of the input.
 *
 * <p>The formulation is "wide rows": an image {@code [C, H, W]} (padded beforehand when the layer
 * pads, {@link #pad}) is one flat row of {@code H * W} floats per channel, and output position
 * {@code p = oy * W + ox} of a stride-1 window is {@code sum over channel c and tap (ky, kx) of
 * w[c, ky, kx, f] * in[c, p + ky * dh * W + kx * dw]}: every tap reads a contiguous run, so the
 * kernel is whole-vector loads and fused multiply-adds, register-blocked over several outputs and
 * several vectors of positions. The positions with {@code ox >= OW} are garbage that the caller's
 * epilogue skips (the output is "wide", {@code W} floats per output row).
 *
 * <p>Weights are addressed by strides ({@code wIn}, {@code wKy}, {@code wKx}, {@code wOut}): {@code
 * [C, kh, kw, F]} is {@code (kh * kw * F, kw * F, F, 1)}, and a flipped or transposed view of it
 * (negative tap strides) needs no copy. Two implementations as for {@link Gemm}: a SIMD one on
 * {@code jdk.incubator.vector} and loops that C2 auto-vectorizes; chosen once per JVM with
 * Gemm's rule ({@link Gemm#simd()}). Within one JVM a call always gives the same bits.
 */
public final class DirectConvolution {
  private static final boolean SIMD = Gemm.simd();

  private DirectConvolution() {}

  /**
   * {@code out[o, p] = sum over i, ky, kx of w[wOff + i * wIn + ky * wKy + kx * wKx + o * wOut] *
   * in[inOff + i * inPlane + ky * rowShift + kx * colShift + p]} for {@code o < outChannels}, {@code
   * p < positions}; {@code out[outOff + o * outPlane + p]} is overwritten. The caller guarantees
   * every read index lies inside {@code in}.
   *
   * @param in the (padded) input, one flat row per channel
   * @param inOff index of channel 0's first float
   * @param inChannels channels summed over
   * @param inPlane floats between two channels' rows
   * @param kh taps per column of the window
   * @param kw taps per row of the window
   * @param rowShift input floats between two window rows (dilation times the row width)
   * @param colShift input floats between two window columns (the dilation)
   * @param w the weights
   * @param wOff index of the weight of channel 0, tap (0, 0), output 0
   * @param wIn weight stride per input channel
   * @param wKy weight stride per window row (negative for a flipped kernel)
   * @param wKx weight stride per window column (negative for a flipped kernel)
   * @param wOut weight stride per output channel
   * @param out the wide output
   * @param outOff index of output 0's first position
   * @param outChannels outputs (filters)
   * @param outPlane floats between two outputs' rows
   * @param positions positions per output
   */
  public static void forward(float[] in, int inOff, int inChannels, int inPlane, int kh, int kw,
      int rowShift, int colShift, float[] w, int wOff, int wIn, int wKy, int wKx, int wOut,
      float[] out, int outOff, int outChannels, int outPlane, int positions) {
    if (SIMD) {
      VectorDirectConvolution.forward(in, inOff, inChannels, inPlane, kh, kw, rowShift, colShift,
          w, wOff, wIn, wKy, wKx, wOut, out, outOff, outChannels, outPlane, positions);
    } else {
      forwardScalar(in, inOff, inChannels, inPlane, kh, kw, rowShift, colShift,
          w, wOff, wIn, wKy, wKx, wOut, out, outOff, 0, outChannels, outPlane, positions);
    }
  }

  /** {@link #forward} for outputs {@code [o0, o1)}: one axpy per input row and tap, which C2 vectorizes. */
  static void forwardScalar(float[] in, int inOff, int inChannels, int inPlane, int kh, int kw,
      int rowShift, int colShift, float[] w, int wOff, int wIn, int wKy, int wKx, int wOut,
      float[] out, int outOff, int o0, int o1, int outPlane, int positions) {
    for (int o = o0; o < o1; o++) {
      int or = outOff + o * outPlane;
      Arrays.fill(out, or, or + positions, 0f);
      for (int i = 0; i < inChannels; i++) {
        for (int ky = 0; ky < kh; ky++) {
          for (int kx = 0; kx < kw; kx++) {
            float wv = w[wOff + i * wIn + ky * wKy + kx * wKx + o * wOut];
            int ir = inOff + i * inPlane + ky * rowShift + kx * colShift;
            for (int p = 0; p < positions; p++) {
              out[or + p] += wv * in[ir + p];
            }
          }
        }
      }
    }
  }

  /**
   * Copies {@code channels} images {@code [h, w]} from {@code x} into {@code xp} as images {@code
   * [h + top + bottom, w + left + right]} with zeros around.
   *
   * @param x the images
   * @param xOff index of the first image's first float
   * @param channels images
   * @param h rows of an image
   * @param w columns of an image
   * @param top zero rows above
   * @param bottom zero rows below
   * @param left zero columns before each row
   * @param right zero columns after each row
   * @param xp the padded images
   * @param xpOff index of the first padded image's first float
   */
  public static void pad(float[] x, int xOff, int channels, int h, int w, int top, int bottom,
      int left, int right, float[] xp, int xpOff) {
    int wp = w + left + right;
    int plane = (h + top + bottom) * wp;
    for (int c = 0; c < channels; c++) {
      int dst = xpOff + c * plane;
      Arrays.fill(xp, dst, dst + top * wp + left, 0f);
      int src = xOff + c * h * w;
      int row = dst + top * wp + left;
      for (int y = 0; y < h; y++, src += w, row += wp) {
        System.arraycopy(x, src, xp, row, w);
        // the right padding of this row and the left padding of the next are adjacent
        int gapEnd = y + 1 < h ? row + wp : dst + plane;
        Arrays.fill(xp, row + w, gapEnd, 0f);
      }
    }
  }
}
