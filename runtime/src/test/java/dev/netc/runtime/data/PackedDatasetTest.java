package dev.netc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netc.runtime.Model;
import dev.netc.runtime.TwoPortModel;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datasets built from one array per input and per output, packed as the model takes them. */
class PackedDatasetTest {
  private final Model model = new TwoPortModel("Two", false, 0.5);

  /** Example e: a = (e, -e), b = (10e, 10e + 1, 10e + 2), class e % 3, score e / 2. */
  private Dataset data(int n) {
    float[] a = new float[2 * n];
    float[] b = new float[3 * n];
    int[] labels = new int[n];
    float[] score = new float[n];
    for (int e = 0; e < n; e++) {
      a[2 * e] = e;
      a[2 * e + 1] = -e;
      for (int k = 0; k < 3; k++) {
        b[3 * e + k] = 10 * e + k;
      }
      labels[e] = e % 3;
      score[e] = e / 2f;
    }
    return Dataset.of(model, Map.of("b", b, "a", a),
        Map.of("score", score, "logits", Dataset.oneHot(labels, 3)));
  }

  /** Checks that packed example {@code i} of {@code d} is example {@code e} of {@link #data}. */
  private static void isExample(Dataset d, int i, int e) {
    assertArrayEquals(new float[] {e, -e, 10 * e, 10 * e + 1, 10 * e + 2},
        Arrays.copyOfRange(d.inputs(), 5 * i, 5 * i + 5));
    float[] t = new float[4];
    t[e % 3] = 1;
    t[3] = e / 2f;
    assertArrayEquals(t, Arrays.copyOfRange(d.targets(), 4 * i, 4 * i + 4));
  }

  @Test
  void arraysByPortNameArePackedInDeclarationOrder() {
    Dataset d = data(7);
    assertEquals(7, d.size());
    assertEquals(5, d.inputSize());
    assertEquals(4, d.targetSize());
    for (int e = 0; e < 7; e++) {
      isExample(d, e, e);
    }
  }

  @Test
  void subsetsSplitsAndGathersMoveWholePackedExamples() {
    Dataset d = data(20);
    Dataset sub = d.subset(5, 9);
    for (int i = 0; i < 4; i++) {
      isExample(sub, i, 5 + i);
    }
    Dataset g = d.gather(new int[] {13, 2, 19});
    isExample(g, 0, 13);
    isExample(g, 1, 2);
    isExample(g, 2, 19);
    Dataset.Split split = d.split(0.25, 1);
    assertEquals(15, split.train().size());
    assertEquals(5, split.validation().size());
    // every example lands in one part, whole: recover its index from the a input
    boolean[] seen = new boolean[20];
    for (Dataset part : new Dataset[] {split.train(), split.validation()}) {
      for (int i = 0; i < part.size(); i++) {
        int e = (int) part.inputs()[5 * i];
        isExample(part, i, e);
        seen[e] = true;
      }
    }
    for (boolean s : seen) {
      assertEquals(true, s);
    }
    float[] x = new float[10];
    float[] y = new float[8];
    d.copyBatch(new int[] {4, 11}, 0, 2, x, y);
    Dataset batch = Dataset.of(x, y, 5, 4);
    isExample(batch, 0, 4);
    isExample(batch, 1, 11);
  }

  @Test
  void missingUnknownAndMismatchedArraysAreNamed() {
    float[] a = new float[4];
    float[] b = new float[6];
    float[] logits = new float[6];
    float[] score = new float[2];
    assertEquals("no array for output score of network Two: a dataset needs targets for all of [logits, score]",
        assertThrows(IllegalArgumentException.class,
            () -> Dataset.of(model, Map.of("a", a, "b", b), Map.of("logits", logits))).getMessage());
    assertEquals("network Two has no input named meta; its inputs are [a[2], b[3]]",
        assertThrows(IllegalArgumentException.class,
            () -> Dataset.of(model, Map.of("a", a, "meta", b), Map.of("logits", logits, "score", score)))
            .getMessage());
    assertEquals("input b[3] of network Two has 9 floats; 2 examples (as input a[2] of network Two holds) of 3"
        + " floats are 6", assertThrows(IllegalArgumentException.class,
            () -> Dataset.of(model, Map.of("a", a, "b", new float[9]), Map.of("logits", logits, "score", score)))
            .getMessage());
    assertEquals("target of output score of network Two (MSE) has 3 floats; 2 examples (as input a[2] of network"
        + " Two holds) of 1 floats are 2", assertThrows(IllegalArgumentException.class,
            () -> Dataset.of(model, Map.of("a", a, "b", b), Map.of("logits", logits, "score", new float[3])))
            .getMessage());
    assertEquals("input a[2] of network Two has 5 floats, not a whole number of examples of 2 floats",
        assertThrows(IllegalArgumentException.class,
            () -> Dataset.of(model, Map.of("a", new float[5], "b", b), Map.of("logits", logits, "score", score)))
            .getMessage());
  }

  @Test
  void givenSizesPackTheSameWay() {
    Dataset d = data(4);
    float[] a = new float[8];
    float[] b = new float[12];
    float[] t0 = new float[12];
    float[] t1 = new float[4];
    for (int e = 0; e < 4; e++) {
      System.arraycopy(d.inputs(), 5 * e, a, 2 * e, 2);
      System.arraycopy(d.inputs(), 5 * e + 2, b, 3 * e, 3);
      System.arraycopy(d.targets(), 4 * e, t0, 3 * e, 3);
      t1[e] = d.targets()[4 * e + 3];
    }
    Dataset same = Dataset.packed(new float[][] {a, b}, new int[] {2, 3}, new float[][] {t0, t1}, new int[] {3, 1});
    assertArrayEquals(d.inputs(), same.inputs());
    assertArrayEquals(d.targets(), same.targets());
    assertEquals("input 1 (3 floats per example) has 11 floats; 4 examples (as input 0 (2 floats per example)"
        + " holds) of 3 floats are 12", assertThrows(IllegalArgumentException.class,
            () -> Dataset.packed(new float[][] {a, new float[11]}, new int[] {2, 3}, new float[][] {t0, t1},
                new int[] {3, 1})).getMessage());
  }
}
