package dev.netc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both loops against the double-precision definitions, over magnitudes from 1e-30 to 200 (the
 * tails must give exactly 0, ±1), lengths that leave a scalar tail, and an offset window whose
 * neighbours must stay untouched.
 */
class ElementwiseTest {
  static final double[] MAGNITUDES = {1e-30, 1e-8, 1e-4, 1e-2, 0.5, 1, 3, 10, 30, 100, 200};

  @Test
  void theTestJvmRunsTheSimdLoopsOnX86() {
    String arch = System.getProperty("os.arch");
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      assertTrue(Elementwise.simd(), "run tests with --add-modules jdk.incubator.vector");
    }
  }

  @Test
  void tanhMatchesTheDefinition() {
    check(true);
  }

  @Test
  void sigmoidMatchesTheDefinition() {
    check(false);
  }

  @Test
  void tailsAreExactAndNanPropagates() {
    float[] a = {-200f, 200f, -1e30f, 1e30f, Float.NaN, 0f, -200f, 200f, Float.NaN};
    float[] t = a.clone();
    Elementwise.tanh(t, 0, t.length);
    float[] s = a.clone();
    Elementwise.sigmoid(s, 0, s.length);
    for (int i = 0; i < a.length; i++) {
      if (Float.isNaN(a[i])) {
        assertTrue(Float.isNaN(t[i]) && Float.isNaN(s[i]));
      } else if (a[i] != 0f) {
        assertEquals(Math.signum(a[i]), t[i], 0f);
        assertEquals(a[i] > 0 ? 1f : 0f, s[i], 0f);
      }
    }
  }

  private static void check(boolean tanh) {
    Random r = new Random(7);
    for (double magnitude : MAGNITUDES) {
      for (int n : new int[] {1, 5, 16, 37, 128, 133}) {
        int off = 3;
        float[] a = new float[n + 2 * off];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) ((r.nextDouble() * 2 - 1) * magnitude);
        }
        float[] before = a.clone();
        float[] simd = a.clone();
        float[] scalar = a.clone();
        if (tanh) {
          Elementwise.tanh(simd, off, n);
          Elementwise.tanhScalar(scalar, off, n);
        } else {
          Elementwise.sigmoid(simd, off, n);
          Elementwise.sigmoidScalar(scalar, off, n);
        }
        for (int i = 0; i < a.length; i++) {
          if (i < off || i >= off + n) {
            assertEquals(before[i], simd[i], 0f, "wrote outside the window at " + i);
            continue;
          }
          double x = before[i];
          double want = tanh ? Math.tanh(x) : 1 / (1 + Math.exp(-x));
          // the scalar loop is exact to float rounding; the SIMD loop within a few ulps, and the
          // float sigmoid flushes to 0 where the result would be subnormal (x below about -87)
          assertEquals((float) want, scalar[i], 0f, "scalar at x = " + x);
          assertEquals(want, simd[i], 4 * Math.ulp((float) want) + Float.MIN_NORMAL, "simd at x = " + x);
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void allFiniteFindsEveryNonFiniteValueAtEveryPosition() {
    for (int n : new int[] {0, 1, 5, 63, 64, 65, 1000, 4096, 5000}) {
      float[] a = new float[n];
      java.util.Random r = new java.util.Random(n);
      for (int i = 0; i < n; i++) {
        a[i] = (float) r.nextGaussian() * 1e30f;
      }
      org.junit.jupiter.api.Assertions.assertTrue(Elementwise.allFinite(a), "finite, n = " + n);
      for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
        for (int at = 0; at < n; at += Math.max(1, n / 7)) {
          float keep = a[at];
          a[at] = bad;
          org.junit.jupiter.api.Assertions.assertFalse(Elementwise.allFinite(a), bad + " at " + at + " of " + n);
          a[at] = keep;
        }
      }
    }
  }

  @Test
  void sumMatchesADoublePrecisionSumForEveryLengthAndOffset() {
    java.util.Random r = new java.util.Random(8);
    float[] a = new float[5000];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int off : new int[] {0, 1, 7}) {
      for (int n : new int[] {0, 1, 3, 4, 5, 63, 64, 255, 256, 257, 1000, 4096}) {
        double expected = 0;
        double mag = 0;
        for (int i = off; i < off + n; i++) {
          expected += a[i];
          mag += Math.abs(a[i]);
        }
        org.junit.jupiter.api.Assertions.assertEquals(expected, Elementwise.sum(a, off, n),
            1e-6 * (1 + mag), "sum of " + n + " from " + off);
      }
    }
  }
}
