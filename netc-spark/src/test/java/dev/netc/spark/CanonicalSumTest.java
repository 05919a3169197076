package dev.netc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanonicalSumTest {

  /** Vectors whose float sums depend on the order of addition. */
  private static float[][] vectors(int partitions, int length) {
    Rng rng = new Rng(7);
    float[][] v = new float[partitions][length];
    for (float[] a : v) {
      for (int i = 0; i < length; i++) {
        a[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(8) - 4));
      }
    }
    return v;
  }

  private static Contribution leaf(int p, float[][] v) {
    return Contribution.gradient(p, v[p].clone(), p + 0.25, p + 1, 100 + p);
  }

  /** Sums like treeAggregate might: leaves into random groups, the groups merged in random order. */
  private static CanonicalSum shuffledSum(float[][] v, long seed) {
    int n = v.length;
    Random r = new Random(seed);
    List<Integer> order = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      order.add(p);
    }
    Collections.shuffle(order, r);
    List<CanonicalSum> groups = new ArrayList<>();
    for (int p : order) {
      if (groups.isEmpty() || r.nextInt(3) == 0) {
        groups.add(new CanonicalSum(n));
      }
      groups.get(r.nextInt(groups.size())).add(leaf(p, v));
    }
    Collections.shuffle(groups, r);
    CanonicalSum total = groups.get(0);
    for (int i = 1; i < groups.size(); i++) {
      total = r.nextBoolean() ? total.merge(groups.get(i)) : groups.get(i).merge(total);
    }
    return total;
  }

  @Test
  void theSumDoesNotDependOnTheMergeOrder() {
    for (int n : new int[] {2, 3, 5, 8, 13}) {
      float[][] v = vectors(n, 64);
      CanonicalSum reference = shuffledSum(v, 1);
      for (long seed = 2; seed < 30; seed++) {
        CanonicalSum s = shuffledSum(v, seed);
        assertArrayEquals(reference.vector(), s.vector(), "partitions " + n + ", order " + seed);
        assertEquals(reference.scalar(), s.scalar());
        assertEquals(n * (n + 1) / 2, s.totalCount());
        assertArrayEquals(reference.rngStates(), s.rngStates());
      }
    }
  }

  @Test
  void theOrderIsABalancedTreeOverThePartitionIndices() {
    float[][] v = vectors(5, 32);
    float[] expected = new float[32];
    for (int i = 0; i < 32; i++) {
      expected[i] = ((v[0][i] + v[1][i]) + (v[2][i] + v[3][i])) + v[4][i];
    }
    assertArrayEquals(expected, shuffledSum(v, 3).vector());
    // the left fold differs somewhere: the test data is sensitive to the order
    boolean differs = false;
    for (int i = 0; i < 32; i++) {
      differs |= expected[i] != (((v[0][i] + v[1][i]) + v[2][i]) + v[3][i]) + v[4][i];
    }
    assertTrue(differs);
  }

  @Test
  void oneLeafIsReturnedUnchangedAndEmptyLeavesCountAsZero() {
    float[] g = {1.5f, -2.25f};
    CanonicalSum one = new CanonicalSum(1).add(Contribution.gradient(0, g, 0.5, 4, 9));
    assertSame(g, one.vector());
    assertEquals(0.5, one.scalar());

    CanonicalSum three = new CanonicalSum(3)
        .add(Contribution.gradient(1, null, 0, 0, 1))
        .add(Contribution.gradient(2, new float[] {1f, 2f}, 1, 3, 2))
        .add(Contribution.gradient(0, null, 0, 0, 3));
    assertArrayEquals(new float[] {1f, 2f}, three.vector());
    assertEquals(3, three.totalCount());

    CanonicalSum none = new CanonicalSum(2).add(Contribution.gradient(0, null, 0, 0, 0))
        .add(Contribution.gradient(1, null, 0, 0, 0));
    assertNull(none.vector());
  }

  @Test
  void missingAndDuplicatePartitionsAreErrors() {
    CanonicalSum s = new CanonicalSum(3).add(Contribution.gradient(0, new float[1], 0, 1, 0));
    IllegalStateException missing = assertThrows(IllegalStateException.class, s::vector);
    assertEquals("partition 1 of 3 sent nothing", missing.getMessage());
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> s.add(Contribution.gradient(0, new float[1], 0, 1, 0)));
    assertEquals("partition 0 contributed twice to one step", twice.getMessage());
    assertThrows(IllegalStateException.class, () -> s.add(Contribution.gradient(3, new float[1], 0, 1, 0)));
    assertNotEquals(0, new CanonicalSum(4).add(Contribution.gradient(3, new float[1], 0, 1, 0)).totalCount());
  }
}
