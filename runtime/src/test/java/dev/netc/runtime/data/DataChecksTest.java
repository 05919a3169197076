package dev.netc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DataChecksTest {

  @Test
  void finiteDataPasses() {
    float[] d = {0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 1e-40f};
    assertEquals(-1, DataChecks.firstNonFinite(d));
    DataChecks.requireFinite(d, 3, "inputs");
  }

  @Test
  void nanIsReportedWithTheExampleIndex() {
    float[] d = new float[4 * 10];
    d[4 * 7 + 2] = Float.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataChecks.requireFinite(d, 4, "training inputs"));
    assertEquals("training inputs: example 7 holds NaN at element 2 (of 4 per example); clean or drop that"
        + " example", e.getMessage());
  }

  @Test
  void infinitiesAreReported() {
    float[] d = new float[6];
    d[5] = Float.NEGATIVE_INFINITY;
    assertEquals("targets: example 2 holds -Infinity at element 1 (of 2 per example); clean or drop that"
        + " example", assertThrows(IllegalArgumentException.class,
            () -> DataChecks.requireFinite(d, 2, "targets")).getMessage());
    d[1] = Float.POSITIVE_INFINITY;
    assertEquals(1, DataChecks.firstNonFinite(d));
  }
}
