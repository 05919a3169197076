package dev.netc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

  /** Example i has inputs [i, 10 i] and label i % 3. */
  private static Dataset labelled(int n) {
    float[] x = new float[n * 2];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 10 * i;
      labels[i] = i % 3;
    }
    return Dataset.classification(x, 2, labels, 3);
  }

  @Test
  void classificationBuildsOneHotTargetsAndKeepsLabels() {
    Dataset d = Dataset.classification(new float[] {1, 2, 3, 4, 5, 6}, 2, new int[] {2, 0, 1}, 3);
    assertEquals(3, d.size());
    assertEquals(2, d.inputSize());
    assertEquals(3, d.targetSize());
    assertTrue(d.hasLabels());
    assertEquals(3, d.classes());
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, d.targets());
    assertEquals(2, d.label(0));
    assertEquals(1, d.label(2));
    assertThrows(
        IllegalArgumentException.class,
        () -> Dataset.classification(new float[] {1, 2}, 2, new int[] {3}, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> Dataset.classification(new float[] {1, 2, 3}, 2, new int[] {0}, 3));
  }

  @Test
  void classIndicesKeepOneFloatPerExampleAndTheLabels() {
    Dataset d = Dataset.classIndices(new float[] {1, 2, 3, 4, 5, 6}, 2, new int[] {2, 0, 1}, 3);
    assertEquals(3, d.size());
    assertEquals(1, d.targetSize());
    assertEquals(3, d.classes());
    assertArrayEquals(new float[] {2, 0, 1}, d.targets());
    assertEquals(1, d.label(2));
    Dataset.Split split = d.split(1.0 / 3, 7);
    assertEquals(1, split.validation().targetSize());
    assertEquals(split.validation().label(0), (int) split.validation().targets()[0]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.classIndices(new float[] {1, 2, 3, 4}, 2, new int[] {0, 3}, 3));
    assertEquals("label 3 of example 1 is outside [0, 3)", e.getMessage());
  }

  @Test
  void ofChecksSizesAndHasNoLabels() {
    Dataset d = Dataset.of(new float[] {1, 2, 3, 4}, new float[] {5, 6}, 2, 1);
    assertEquals(2, d.size());
    assertFalse(d.hasLabels());
    assertEquals(-1, d.label(1));
    assertThrows(
        IllegalArgumentException.class, () -> Dataset.of(new float[] {1, 2, 3}, new float[] {5}, 2, 1));
    assertThrows(
        IllegalArgumentException.class, () -> Dataset.of(new float[] {1, 2}, new float[] {5, 6}, 2, 1));
  }

  @Test
  void subsetCopiesARange() {
    Dataset d = labelled(5).subset(1, 3);
    assertEquals(2, d.size());
    assertArrayEquals(new float[] {1, 10, 2, 20}, d.inputs());
    assertEquals(1, d.label(0));
    assertEquals(2, d.label(1));
    assertThrows(IndexOutOfBoundsException.class, () -> labelled(5).subset(3, 6));
  }

  @Test
  void splitIsASeededPartition() {
    Dataset d = labelled(100);
    Dataset.Split s = d.split(0.2, 7);
    assertEquals(80, s.train().size());
    assertEquals(20, s.validation().size());
    List<Integer> seen = new ArrayList<>();
    for (Dataset part : new Dataset[] {s.train(), s.validation()}) {
      int previous = -1;
      for (int i = 0; i < part.size(); i++) {
        int id = (int) part.inputs()[2 * i];
        assertEquals(10f * id, part.inputs()[2 * i + 1]);
        assertEquals(id % 3, part.label(i));
        assertEquals(1f, part.targets()[3 * i + id % 3]);
        assertTrue(id > previous, "each part keeps the original order");
        previous = id;
        seen.add(id);
      }
    }
    seen.sort(null);
    for (int i = 0; i < 100; i++) {
      assertEquals(i, seen.get(i));
    }
    assertArrayEquals(s.validation().inputs(), d.split(0.2, 7).validation().inputs());
    assertNotEquals(
        java.util.Arrays.toString(s.validation().inputs()),
        java.util.Arrays.toString(d.split(0.2, 8).validation().inputs()));
    assertEquals(0, d.split(0, 1).validation().size());
    assertThrows(IllegalArgumentException.class, () -> d.split(1.0, 1));
  }

  @Test
  void copyBatchGathersExamples() {
    Dataset d = labelled(6);
    float[] x = new float[6];
    float[] y = new float[9];
    d.copyBatch(new int[] {9, 5, 0, 3, 9}, 1, 3, x, y);
    assertArrayEquals(new float[] {5, 50, 0, 0, 3, 30}, x);
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 0, 0}, y);
    float[] x2 = new float[4];
    d.copyRange(4, 2, x2, null);
    assertArrayEquals(new float[] {4, 40, 5, 50}, x2);
  }
}
