package dev.netc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PositionalEncodingTest {

  @Test
  void evenFeaturesAreSinesAndOddOnesCosinesOfTheSameAngle() {
    float[] pe = PositionalEncoding.compute(50, 6);
    for (int t = 0; t < 50; t++) {
      for (int i = 0; i < 3; i++) {
        double angle = t / Math.pow(10000, 2.0 * i / 6);
        assertEquals((float) Math.sin(angle), pe[t * 6 + 2 * i], 0f, "t " + t + ", feature " + 2 * i);
        assertEquals((float) Math.cos(angle), pe[t * 6 + 2 * i + 1], 0f, "t " + t + ", feature " + (2 * i + 1));
      }
    }
    assertEquals(0f, pe[0]);
    assertEquals(1f, pe[1]);
    assertEquals((float) Math.sin(1), pe[6]);
  }

  @Test
  void anOddFeatureCountEndsWithASine() {
    float[] pe = PositionalEncoding.compute(3, 5);
    double angle = 2 / Math.pow(10000, 4.0 / 5);
    assertEquals((float) Math.sin(angle), pe[2 * 5 + 4], 0f);
  }

  @Test
  void eachShapeIsComputedOnceAndShared() {
    float[] a = PositionalEncoding.sinusoidal(7, 3);
    assertSame(a, PositionalEncoding.sinusoidal(7, 3));
    assertNotSame(a, PositionalEncoding.sinusoidal(3, 7));
    assertEquals(PositionalEncoding.compute(7, 3)[20], a[20], 0f);
  }

  @Test
  void anEmptyShapeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PositionalEncoding.sinusoidal(0, 4));
  }

  @Test
  void smallNormalHasStandardDeviationPointZeroTwo() {
    float[] w = new float[20000];
    Init.SMALL_NORMAL.fill(w, 0, w.length, 1, 1, new Rng(3));
    double sum = 0;
    double squares = 0;
    for (float v : w) {
      sum += v;
      squares += v * v;
    }
    double mean = sum / w.length;
    assertEquals(0, mean, 1e-3);
    assertEquals(0.02, Math.sqrt(squares / w.length - mean * mean), 1e-3);
  }
}
