package dev.netc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Class-index targets: accepted exactly when they are integers in [0, classes), else named. */
class ClassTargetsTest {

  @Test
  void anIntegerInRangeIsItsClass() {
    float[] t = {0, 2, 1, -0f};
    assertEquals(0, ClassTargets.index(t, 0, 1, 3));
    assertEquals(2, ClassTargets.index(t, 1, 1, 3));
    assertEquals(0, ClassTargets.index(t, 3, 1, 3));
    ClassTargets.requireValid(t, 2, 3, "targets");
  }

  @Test
  void anythingElseNamesTheExampleAndPosition() {
    float[] t = {0, 1, 2, 1.5f};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassTargets.index(t, 3, 2, 3));
    assertEquals("target of example 1 of the batch at position 1 is 1.5, not a class index: with targets:"
        + " class_index the loss reads one integer in [0, 3) per row", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ClassTargets.requireValid(t, 2, 3, "validation data targets"));
    assertEquals("validation data targets: example 1 at position 1 is 1.5, not a class index: with targets:"
        + " class_index the loss reads one integer in [0, 3) per row", e.getMessage());
    for (float bad : new float[] {-1, 3, Float.NaN, Float.NEGATIVE_INFINITY, 1e10f}) {
      float[] one = {bad};
      assertThrows(IllegalArgumentException.class, () -> ClassTargets.index(one, 0, 1, 3), "target " + bad);
      assertThrows(IllegalArgumentException.class, () -> ClassTargets.requireValid(one, 1, 3, "t"), "target " + bad);
    }
  }
}
