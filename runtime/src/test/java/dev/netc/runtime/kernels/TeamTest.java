package dev.netc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Products and flat loops shared by a {@link Team}: every split matches the definition, the
 * same inputs give the same bits on every run, the cuts fall where the class says (the rows of
 * the largest operand), failures reach the caller, and a warmed-up split allocates nothing.
 */
class TeamTest {

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {2, 3})
  void splitProductsMatchTheDefinitionForEveryLayout(int threads) {
    int[][] shapes = {
        {32, 128, 784}, {784, 128, 32}, {32, 784, 128}, {256, 128, 784}, {64, 10, 2000},
        {9, 32, 3000}, {288, 64, 1000}, {33, 15, 2100}, {3, 256, 1800}, {100, 100, 100}};
    try (Team team = Team.start(threads).attach()) {
      for (int[] s : shapes) {
        for (GemmTest.Kind kind : GemmTest.Kind.values()) {
          for (boolean accumulate : new boolean[] {false, true}) {
            GemmTest.check(kind, s[0], s[1], s[2], accumulate, GemmTest.Path.PUBLIC);
          }
        }
      }
      assertSame(team, Team.current());
    }
    assertNull(Team.current(), "closing detaches");
  }

  @Test
  void aSplitProductGivesTheSameBitsOnEveryRun() {
    Random r = new Random(5);
    float[] a = random(r, 32 * 784);
    float[] b = random(r, 784 * 128);
    float[] first = new float[32 * 128];
    float[] again = new float[32 * 128];
    try (Team team = Team.start(2).attach()) {
      Gemm.nn(32, 128, 784, a, 0, 784, b, 0, 128, first, 0, 128, false);
      for (int i = 0; i < 20; i++) {
        Gemm.nn(32, 128, 784, a, 0, 784, b, 0, 128, again, 0, 128, false);
        assertArrayEquals(first, again);
      }
    }
  }

  @Test
  void aWeightMatrixIsCutAlongItsRowsInAllThreeOfItsProducts() {
    // W[784, 128]: forward x·W (nn, W is B), weight gradient xᵀ·gy (tn, C), input gradient
    // gy·Wᵀ (nt, W is B stored [n, k])
    assertEquals(2, SplitRule.structural(ParallelGemm.NN, 32, 128, 784, 2), "k of x·W");
    assertEquals(0, SplitRule.structural(ParallelGemm.TN, 784, 128, 32, 2), "m of xᵀ·gy");
    assertEquals(1, SplitRule.structural(ParallelGemm.NT, 32, 784, 128, 2), "n of gy·Wᵀ");
    // all three cut 784 at the same row, which is also where a flat loop over W cuts
    assertEquals(Team.cut(784, 2, 1, 8) * 128, Team.cut(784 * 128, 2, 1, 16));
    assertEquals(-1, SplitRule.structural(ParallelGemm.NN, 8, 8, 8, 2), "too small to cut");
    assertEquals(392, Team.cut(784, 2, 1, 8));
  }

  @Test
  void productsTooSmallToGainStayOnTheCaller() {
    Random r = new Random(6);
    float[] a = random(r, 32 * 18432);
    float[] b = random(r, 18432 * 128);
    float[] c = new float[1152 * 128];
    try (Team team = Team.start(2).attach()) {
      long jobs = team.jobs();
      // the benchmark CNN's batch-1 products: its 5x5 convolution and its 1152 -> 10 logits
      Gemm.tn(8, 576, 25, a, 0, 8, b, 0, 576, c, 0, 576, false);
      Gemm.nn(1, 10, 1152, a, 0, 1152, b, 0, 10, c, 0, 10, false);
      // a batch-32 MLP's 10-wide output layer
      Gemm.nn(32, 10, 128, a, 0, 128, b, 0, 10, c, 0, 10, false);
      assertEquals(jobs, team.jobs(), "no product was split");
      Gemm.nn(32, 128, 784, a, 0, 784, b, 0, 128, c, 0, 128, false);
      assertEquals(jobs + 1, team.jobs(), "a batch-32 784x128 layer is");
    }
  }

  @Test
  void aSmallResultOverALongReductionIsCutAlongTheReduction() {
    // a convolution's weight gradient g[25, 8] += col · ytᵀ over 32 examples' 576 positions:
    // equal halves of the reduction instead of 16 and 9 rows
    assertEquals(SplitRule.SPLIT_K, SplitRule.choose(ParallelGemm.NT, 25, 8, 32 * 576, 2));
    assertEquals(SplitRule.SPLIT_M, SplitRule.choose(ParallelGemm.NT, 288, 64, 32 * 121, 2));
    // a reduction too short per part for its result stays whole
    assertEquals(SplitRule.NONE, SplitRule.choose(ParallelGemm.NN, 1, 10, 1152, 2));
  }

  @Test
  void cutsCoverTheRangeInOrderAtAlignedPoints() {
    for (int total : new int[] {0, 1, 15, 16, 17, 100, 784, 100_000}) {
      for (int parts = 1; parts <= 5; parts++) {
        assertEquals(0, Team.cut(total, parts, 0, 16));
        assertEquals(total, Team.cut(total, parts, parts, 16));
        for (int p = 1; p < parts; p++) {
          int at = Team.cut(total, parts, p, 16);
          assertTrue(at % 16 == 0 || at == total, total + "/" + parts + " at " + at);
          assertTrue(at >= Team.cut(total, parts, p - 1, 16));
        }
      }
    }
  }

  @Test
  void everyPartRunsOnceAndTheCallerTakesPartZero() {
    try (Team team = Team.start(3).attach()) {
      for (int round = 0; round < 1000; round++) {
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        Thread caller = Thread.currentThread();
        boolean[] callerRanZero = new boolean[1];
        team.run((part, parts) -> {
          assertEquals(3, parts);
          runs.incrementAndGet(part);
          if (part == 0) {
            callerRanZero[0] = Thread.currentThread() == caller;
          }
        });
        for (int p = 0; p < 3; p++) {
          assertEquals(1, runs.get(p), "part " + p);
        }
        assertTrue(callerRanZero[0]);
      }
    }
  }

  @Test
  void anOversubscribedTeamRunsEveryPartExactlyOnce() {
    // more threads than cores: workers are often descheduled and the caller takes their parts
    int threads = Runtime.getRuntime().availableProcessors() * 4;
    try (Team team = Team.start(threads).attach()) {
      AtomicIntegerArray runs = new AtomicIntegerArray(threads);
      for (int round = 1; round <= 2000; round++) {
        team.run((part, parts) -> runs.incrementAndGet(part));
        for (int p = 0; p < threads; p++) {
          assertEquals(round, runs.get(p), "part " + p + " in round " + round);
        }
      }
    }
  }

  @Test
  void aFailingPartIsRethrownAfterThePartsFinish() {
    try (Team team = Team.start(2).attach()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> team.run((part, parts) -> {
            if (part == 1) {
              throw new IllegalStateException("part one failed");
            }
          }));
      assertEquals("part one failed", e.getMessage());
      // the team still works afterwards
      int[] sum = new int[2];
      team.run((part, parts) -> sum[part] = part + 1);
      assertArrayEquals(new int[] {1, 2}, sum);
    }
  }

  @Test
  void onlyTheAttachedThreadMayRunTheTeam() throws Exception {
    try (Team team = Team.start(2).attach()) {
      Throwable[] seen = new Throwable[1];
      Thread other = new Thread(() -> {
        try {
          team.run((part, parts) -> { });
        } catch (Throwable t) {
          seen[0] = t;
        }
        assertNull(Team.current(), "a team is attached per thread");
      });
      other.start();
      other.join();
      assertTrue(seen[0] instanceof IllegalStateException, String.valueOf(seen[0]));
    }
  }

  @Test
  void flatLoopsOnATeamMatchTheSingleThreadOnes() {
    float[] a = random(new Random(9), 100_003);
    try (Team team = Team.start(2).attach()) {
      assertTrue(Elementwise.allFinite(a));
      for (int at : new int[] {0, 50_000, 100_002}) {
        float saved = a[at];
        a[at] = Float.NaN;
        assertFalse(Elementwise.allFinite(a), "NaN at " + at);
        a[at] = Float.POSITIVE_INFINITY;
        assertFalse(Elementwise.allFinite(a), "infinity at " + at);
        a[at] = saved;
      }
      Elementwise.clear(a);
      assertArrayEquals(new float[a.length], a);
    }
  }

  @Test
  void warmedUpSplitProductsAllocateNothingOnAnyThread() {
    dev.netc.runtime.JitAssumptions.assumeC2("split products allocating nothing");
    Random r = new Random(4);
    float[] x = random(r, 32 * 784);
    float[] w = random(r, 784 * 128);
    float[] gy = random(r, 32 * 128);
    float[] y = new float[32 * 128];
    float[] gw = new float[784 * 128];
    float[] gx = new float[32 * 784];
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (Team team = Team.start(2).attach()) {
      Runnable step = () -> {
        Gemm.nn(32, 128, 784, x, 0, 784, w, 0, 128, y, 0, 128, false);
        Gemm.tn(784, 128, 32, x, 0, 784, gy, 0, 128, gw, 0, 128, true);
        Gemm.nt(32, 784, 128, gy, 0, 128, w, 0, 128, gx, 0, 784, false);
        Elementwise.clear(gw);
      };
      long best = Long.MAX_VALUE;
      for (int round = 0; round < 10 && best > 0; round++) {
        for (int i = 0; i < 2000; i++) {
          step.run();
        }
        long[] ids = teamThreadIds();
        // the bean's answer is a new long[] each time: measure that once and take it off
        long own = -total(bean, ids) + total(bean, ids);
        long before = total(bean, ids);
        for (int i = 0; i < 200; i++) {
          step.run();
        }
        best = Math.min(best, total(bean, ids) - before - own);
      }
      assertEquals(0, best, "bytes allocated by 200 split steps, caller and workers");
    }
  }

  private static long[] teamThreadIds() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t == Thread.currentThread() || t.getName().startsWith("netc-team-"))
        .mapToLong(Thread::getId).toArray();
  }

  private static long total(com.sun.management.ThreadMXBean bean, long[] ids) {
    long sum = 0;
    for (long v : bean.getThreadAllocatedBytes(ids)) {
      sum += v;
    }
    return sum;
  }

  private static float[] random(Random r, int size) {
    float[] v = new float[size];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }
}
