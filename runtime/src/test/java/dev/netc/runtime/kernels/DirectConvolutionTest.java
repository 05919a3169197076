package dev.netc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectConvolution} against a convolution written out loop by loop: the kernel in use in
 * this JVM (SIMD when the tests run with the Vector API) and the scalar loops, on shapes that
 * exercise the four-filter blocks, the leftover filters, the overlapping last vector, fewer
 * positions than one vector, dilation, and the flipped, transposed weight view.
 */
class DirectConvolutionTest {

  /** out[o, p] = sum over i, ky, kx of w(i, ky, kx, o) * in[i * plane + ky * rowShift + kx * colShift + p]. */
  private static float[] reference(float[] in, int inOff, int channels, int plane, int kh, int kw, int rowShift,
      int colShift, float[] w, int wOff, int wIn, int wKy, int wKx, int wOut, int outs, int outPlane, int positions) {
    float[] out = new float[outs * outPlane];
    for (int o = 0; o < outs; o++) {
      for (int p = 0; p < positions; p++) {
        double s = 0;
        for (int i = 0; i < channels; i++) {
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              s += (double) w[wOff + i * wIn + ky * wKy + kx * wKx + o * wOut]
                  * in[inOff + i * plane + ky * rowShift + kx * colShift + p];
            }
          }
        }
        out[o * outPlane + p] = (float) s;
      }
    }
    return out;
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  /** One layer: channels x (h x width) images, outs filters of kh x kw, dilation d, all through both paths. */
  private static void check(int channels, int h, int width, int outs, int kh, int kw, int d, boolean flipped) {
    Random r = new Random(channels * 131 + outs * 17 + kh);
    int plane = h * width;
    int positions = (h - (kh - 1) * d - 1) * width + width - (kw - 1) * d;
    float[] in = random(r, 3 + channels * plane);
    float[] w = random(r, 5 + channels * kh * kw * outs);
    // forward view [C, kh, kw, F], or the input gradient's: filters as channels, taps reversed
    int wOff = 5;
    int wIn = kh * kw * outs;
    int wKy = kw * outs;
    int wKx = outs;
    int wOut = 1;
    if (flipped) {
      wOff = 5 + (kh - 1) * kw * outs + (kw - 1) * outs;
      wIn = 1;
      wKy = -kw * outs;
      wKx = -outs;
      wOut = kh * kw * outs;
      int swap = channels;
      channels = outs;
      outs = swap;
      in = random(r, 3 + channels * plane);
    }
    int outPlane = plane + 7;
    float[] expected = reference(in, 3, channels, plane, kh, kw, d * width, d, w, wOff, wIn, wKy, wKx, wOut, outs,
        outPlane, positions);
    float[] fast = new float[2 + outs * outPlane];
    float[] scalar = new float[2 + outs * outPlane];
    DirectConvolution.forward(in, 3, channels, plane, kh, kw, d * width, d, w, wOff, wIn, wKy, wKx, wOut,
        fast, 2, outs, outPlane, positions);
    DirectConvolution.forwardScalar(in, 3, channels, plane, kh, kw, d * width, d, w, wOff, wIn, wKy, wKx, wOut,
        scalar, 2, 0, outs, outPlane, positions);
    String what = channels + "x" + h + "x" + width + " -> " + outs + ", " + kh + "x" + kw + " dilation " + d
        + (flipped ? " flipped" : "");
    for (int o = 0; o < outs; o++) {
      for (int p = 0; p < positions; p++) {
        float e = expected[o * outPlane + p];
        double tolerance = 1e-4 * (1 + Math.abs(e));
        assertEquals(e, fast[2 + o * outPlane + p], tolerance, what + " output " + o + " position " + p);
        assertEquals(e, scalar[2 + o * outPlane + p], tolerance, what + " scalar, output " + o + " position " + p);
      }
      assertEquals(0f, fast[2 + o * outPlane + positions], what + ": nothing written past the positions");
    }
  }

  @Test
  void matchesTheLoopsOnEveryBlockShape() {
    check(1, 28, 28, 8, 5, 5, 1, false);   // BenchCnn: two four-filter blocks, wide rows of 28
    check(3, 13, 13, 6, 3, 3, 1, false);   // four filters plus two left over
    check(2, 9, 9, 5, 3, 3, 1, false);     // 61 positions: whole blocks, then the overlapping vector
    check(2, 4, 5, 3, 3, 2, 1, false);     // fewer positions than one vector
    check(3, 11, 12, 4, 3, 3, 2, false);   // dilation 2
    check(4, 10, 10, 5, 3, 3, 1, true);    // the flipped, transposed view of the input gradient
  }

  @Test
  void padSurroundsEveryChannelWithZeros() {
    float[] x = {9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    float[] xp = new float[1 + 2 * 5 * 4];
    java.util.Arrays.fill(xp, -1f); // whatever was there before is overwritten
    xp[0] = 42f;
    DirectConvolution.pad(x, 1, 2, 2, 3, 1, 2, 0, 1, xp, 1);
    float[] expected = {42,
        0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 7, 8, 9, 0, 10, 11, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertArrayEquals(expected, xp);
  }
}
