package dev.netc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.LossKind;
import org.junit.jupiter.api.Test;

/** Accuracy for one label per example and for one label per position of a [T, C] output. */
class AccuracyTest {
  private static final LossKind CE = LossKind.SOFTMAX_CROSS_ENTROPY;

  @Test
  void oneLabelPerExampleFromIndicesOrOneHot() {
    float[] out = {0.1f, 0.9f, 0.0f, /* b1 */ 0.8f, 0.1f, 0.1f};
    assertEquals(1.0, Accuracy.sum(CE, out, new float[] {1, 1}, 2, 3, 1, 3), 0);
    assertEquals(2.0, Accuracy.sum(CE, out, new float[] {0, 1, 0, 1, 0, 0}, 2, 3, 3, 3), 0);
    // the old signature: the whole output is one position
    assertEquals(2.0, Accuracy.sum(CE, out, new float[] {0, 1, 0, 1, 0, 0}, 2, 3, 3), 0);
  }

  @Test
  void everyPositionOfASequenceOutputCounts() {
    // one example, 4 steps of 3 classes: steps 0, 1 and 3 right
    float[] out = {
        0.9f, 0.0f, 0.1f,
        0.0f, 0.2f, 0.8f,
        0.5f, 0.4f, 0.1f,
        0.1f, 0.7f, 0.2f};
    float[] oneHot = {
        1, 0, 0,
        0, 0, 1,
        0, 1, 0,
        0, 1, 0};
    assertEquals(0.75, Accuracy.sum(CE, out, oneHot, 1, 12, 12, 3), 1e-12);
    assertEquals(0.75, Accuracy.sum(CE, out, new float[] {0, 2, 1, 1}, 1, 12, 4, 3), 1e-12);
  }

  @Test
  void aClassIndexOutOfRangeFailsNamingTheRowInsteadOfCountingAMiss() {
    float[] out = {0.1f, 0.9f, 0.0f, /* b1 */ 0.8f, 0.1f, 0.1f};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Accuracy.sum(CE, out, new float[] {1, 3}, 2, 3, 1, 3));
    assertTrue(e.getMessage().startsWith("target of example 1 of the batch is 3.0, not a class index"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Accuracy.sum(CE, out, new float[] {0.5f, 1}, 2, 3, 1, 3));
  }

  @Test
  void theConfusionMatrixCountsClassIndices() {
    float[] out = {0.1f, 0.9f, 0.0f, /* b1 */ 0.8f, 0.1f, 0.1f, /* b2 */ 0f, 0f, 1f};
    ConfusionMatrix m = new ConfusionMatrix(3);
    m.addBatch(CE, out, 3, 0, 3, new float[] {1, 2, 2}, 1, 0, 1, 3);
    ConfusionMatrix oneHot = new ConfusionMatrix(3);
    oneHot.addBatch(CE, out, 3, 0, 3, new float[] {0, 1, 0, 0, 0, 1, 0, 0, 1}, 3, 0, 3, 3);
    assertEquals(oneHot, m);
    assertEquals(1, m.count(2, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.addBatch(CE, out, 3, 0, 3, new float[] {1, 2, -1}, 1, 0, 1, 3));
    assertTrue(e.getMessage().startsWith("target of example 2 of the batch is -1.0"), e.getMessage());
  }
}
