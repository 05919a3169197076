package dev.netc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both paths of {@link Pooling} against the definition written as plain loops (the maximum and
 * the first index holding it, the mean in double), over windows, strides and sizes that take the
 * 2x2 fast path (with and without a vector tail) and the general one (odd widths, overlapping and
 * gapped windows, 1d). Inputs are drawn from a few values so that ties are common.
 */
class PoolingTest {
  /** {batch, channels, h, w, kh, kw, sh, sw}. */
  static final int[][] SHAPES = {
      {2, 8, 24, 24, 2, 2, 2, 2}, {3, 32, 26, 26, 2, 2, 2, 2}, {2, 3, 11, 11, 2, 2, 2, 2},
      {1, 1, 2, 2, 2, 2, 2, 2}, {2, 5, 6, 34, 2, 2, 2, 2}, {2, 4, 7, 10, 2, 2, 2, 2},
      {2, 3, 9, 9, 3, 3, 2, 2}, {1, 2, 8, 8, 3, 3, 3, 3}, {2, 2, 10, 7, 2, 3, 1, 2},
      {2, 4, 1, 40, 1, 4, 1, 4}, {2, 4, 1, 17, 1, 3, 1, 2}, {1, 1, 5, 5, 5, 5, 1, 1}};

  @Test
  void theTestJvmRunsTheSimdPath() {
    assertTrue(Gemm.simd(), "run tests with --add-modules jdk.incubator.vector");
  }

  @Test
  void maxAndItsFirstIndexMatchTheDefinitionOnBothPaths() {
    Random r = new Random(7);
    for (int[] s : SHAPES) {
      float[] x = ties(r, s[0] * s[1] * s[2] * s[3]);
      int oh = (s[2] - s[4]) / s[6] + 1;
      int ow = (s[3] - s[5]) / s[7] + 1;
      int out = s[0] * s[1] * oh * ow;
      float[] want = new float[out];
      float[] wantArg = new float[out];
      maxDefinition(s, x, want, wantArg);
      for (boolean simd : new boolean[] {true, false}) {
        float[] y = new float[out];
        float[] arg = new float[out];
        Pooling.max(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], x, y, arg, simd);
        assertArrayEquals(want, y, 0f, describe(s, simd));
        assertArrayEquals(wantArg, arg, 0f, describe(s, simd));
        float[] inference = new float[out];
        Pooling.max(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], x, inference, null, simd);
        assertArrayEquals(want, inference, 0f, describe(s, simd) + " without argmax");
      }
    }
  }

  @Test
  void averageMatchesTheDefinitionOnBothPaths() {
    Random r = new Random(8);
    for (int[] s : SHAPES) {
      float[] x = new float[s[0] * s[1] * s[2] * s[3]];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
      int oh = (s[2] - s[4]) / s[6] + 1;
      int ow = (s[3] - s[5]) / s[7] + 1;
      double[] want = averageDefinition(s, x, oh, ow);
      float[] simdY = new float[want.length];
      float[] scalarY = new float[want.length];
      Pooling.average(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], x, simdY, true);
      Pooling.average(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], x, scalarY, false);
      assertArrayEquals(scalarY, simdY, 0f, describe(s, true) + " against the scalar path");
      for (int o = 0; o < want.length; o++) {
        assertEquals(want[o], scalarY[o], 1e-6, describe(s, false) + " output " + o);
      }
    }
  }

  @Test
  void backwardPassesRouteAndSpreadTheGradient() {
    Random r = new Random(9);
    for (int[] s : SHAPES) {
      int in = s[1] * s[2] * s[3];
      int oh = (s[2] - s[4]) / s[6] + 1;
      int ow = (s[3] - s[5]) / s[7] + 1;
      int out = s[1] * oh * ow;
      float[] x = ties(r, s[0] * in);
      float[] y = new float[s[0] * out];
      float[] arg = new float[s[0] * out];
      Pooling.max(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], x, y, arg);
      float[] gy = new float[s[0] * out];
      for (int i = 0; i < gy.length; i++) {
        gy[i] = (float) r.nextGaussian();
      }
      double[] wantMax = new double[s[0] * in];
      double[] wantAvg = new double[s[0] * in];
      for (int b = 0; b < s[0]; b++) {
        int o = b * out;
        for (int ch = 0; ch < s[1]; ch++) {
          for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++, o++) {
              wantMax[b * in + (int) arg[o]] += gy[o];
              for (int ky = 0; ky < s[4]; ky++) {
                for (int kx = 0; kx < s[5]; kx++) {
                  wantAvg[b * in + (ch * s[2] + oy * s[6] + ky) * s[3] + ox * s[7] + kx] +=
                      gy[o] / (double) (s[4] * s[5]);
                }
              }
            }
          }
        }
      }
      float[] gx = new float[s[0] * in];
      Pooling.maxBackward(s[0], in, out, gy, arg, gx);
      float[] ga = new float[s[0] * in];
      java.util.Arrays.fill(ga, 1f);
      Pooling.averageBackward(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], gy, ga);
      for (int i = 0; i < gx.length; i++) {
        assertEquals(wantMax[i], gx[i], 1e-5, describe(s, false) + " max gradient " + i);
        assertEquals(1 + wantAvg[i], ga[i], 1e-5, describe(s, false) + " average gradient (added) " + i);
      }
    }
  }

  @Test
  void signedZerosAndNanKeepTheScalarChoice() {
    float[] x = {-0f, 0f, 1f, Float.NaN, 0f, -0f, 2f, 2f, 3f, 3f, 5f, 5f, 4f, 4f, 5f, 5f};
    float[] big = new float[2 * 8 * 16];
    for (int i = 0; i < big.length; i++) {
      big[i] = x[i % x.length];
    }
    float[] simdY = new float[8 * 8];
    float[] simdArg = new float[8 * 8];
    float[] scalarY = new float[8 * 8];
    float[] scalarArg = new float[8 * 8];
    Pooling.max(1, 1, 16, 16, 2, 2, 2, 2, big, simdY, simdArg, true);
    Pooling.max(1, 1, 16, 16, 2, 2, 2, 2, big, scalarY, scalarArg, false);
    for (int o = 0; o < simdY.length; o++) {
      assertEquals(Float.floatToRawIntBits(scalarY[o]), Float.floatToRawIntBits(simdY[o]), "output " + o);
    }
    assertArrayEquals(scalarArg, simdArg, 0f);
  }

  private static float[] ties(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextInt(5) - 2;
    }
    return x;
  }

  private static void maxDefinition(int[] s, float[] x, float[] y, float[] arg) {
    int o = 0;
    for (int b = 0; b < s[0]; b++) {
      for (int ch = 0; ch < s[1]; ch++) {
        for (int oy = 0; oy + s[4] <= s[2]; oy += s[6]) {
          for (int ox = 0; ox + s[5] <= s[3]; ox += s[7]) {
            float best = Float.NEGATIVE_INFINITY;
            int at = -1;
            for (int ky = 0; ky < s[4]; ky++) {
              for (int kx = 0; kx < s[5]; kx++) {
                int i = (ch * s[2] + oy + ky) * s[3] + ox + kx;
                float v = x[b * s[1] * s[2] * s[3] + i];
                if (at < 0 || v > best) {
                  best = v;
                  at = i;
                }
              }
            }
            y[o] = best;
            arg[o++] = at;
          }
        }
      }
    }
  }

  private static double[] averageDefinition(int[] s, float[] x, int oh, int ow) {
    double[] y = new double[s[0] * s[1] * oh * ow];
    int o = 0;
    for (int b = 0; b < s[0]; b++) {
      for (int ch = 0; ch < s[1]; ch++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double sum = 0;
            for (int ky = 0; ky < s[4]; ky++) {
              for (int kx = 0; kx < s[5]; kx++) {
                sum += x[((b * s[1] + ch) * s[2] + oy * s[6] + ky) * s[3] + ox * s[7] + kx];
              }
            }
            y[o++] = sum / (s[4] * s[5]);
          }
        }
      }
    }
    return y;
  }

  private static String describe(int[] s, boolean simd) {
    return java.util.Arrays.toString(s) + (simd ? " simd" : " scalar");
  }
}
