package dev.netc.codegen.concurrency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.kernels.Team;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Inference passes on a two-thread {@link Team}: a large batch is split by examples, each thread
 * running the whole pass over its half, and gives each half's one-thread outputs bit for bit; a
 * batch too small to gain, and every batch-1 prediction of this CNN, stays on the caller; and a
 * warmed-up split pass allocates nothing on the caller or the worker.
 */
class BatchParallelInferenceTest {
  /** The benchmarks' CNN (BenchCnn) on smaller images, with a batch-norm layer at inference. */
  private static final String CNN = """
      network SmallCnn {
        input image: float[1, 20, 20];
        conv2d(8, kernel: 5, activation: relu);
        batchnorm;
        maxpool(2);
        flatten;
        logits = dense(10);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void aLargeBatchSplitByExamplesGivesEachHalfsOneThreadOutputs() {
    Model model = Nets.model(CNN);
    model.initialize(5);
    int batch = 67; // odd: the halves are 33 and 34 examples
    float[] x = inputs(model, batch, 1);
    int out = model.outputSize();
    float[] whole = new float[batch * out];
    Workspace ws = model.newWorkspace(batch);
    model.forward(ws, x, whole, batch, false);
    // what one thread computes for each half on its own
    int half = Team.cut(batch, 2, 1, 1);
    float[] expected = new float[batch * out];
    float[] part = new float[batch * out];
    model.forward(ws, x, part, half, false);
    System.arraycopy(part, 0, expected, 0, half * out);
    float[] rest = Arrays.copyOfRange(x, half * model.inputSize(), batch * model.inputSize());
    model.forward(ws, rest, part, batch - half, false);
    System.arraycopy(part, 0, expected, half * out, (batch - half) * out);

    float[] shared = new float[batch * out];
    try (Team team = Team.start(2).attach()) {
      long before = team.jobs();
      model.forward(ws, x, shared, batch, false);
      assertEquals(before + 1, team.jobs(), "one job: the two halves, no product split inside");
      assertArrayEquals(expected, shared, "each half as one thread computes it");
      assertArrayEquals(shared, Arrays.copyOf(model.lastOutput(ws), batch * out),
          "the workspace's output buffer too");
      for (int i = 0; i < 5; i++) {
        float[] again = new float[batch * out];
        model.forward(ws, x, again, batch, false);
        assertArrayEquals(shared, again, "the same bits on every run");
      }
    }
    for (int i = 0; i < whole.length; i++) {
      assertEquals(whole[i], shared[i], 1e-5f * Math.max(1f, Math.abs(whole[i])), "output " + i);
    }
  }

  @Test
  void smallBatchesAndPredictionsStayOnTheCaller() {
    Model model = Nets.model(CNN);
    model.initialize(5);
    float[] x = inputs(model, 2, 2);
    float[] out = new float[2 * model.outputSize()];
    float[] alone = new float[2 * model.outputSize()];
    Workspace ws = model.newWorkspace(2);
    model.forward(ws, x, alone, 2, false);
    try (Team team = Team.start(2).attach()) {
      long before = team.jobs();
      model.forward(ws, x, out, 2, false);
      model.predict(Arrays.copyOf(x, model.inputSize()), new float[model.outputSize()]);
      assertEquals(before, team.jobs(), "measured too small to gain from a second thread");
      assertArrayEquals(alone, out);
    }
  }

  @Test
  void trainingPassesAreNotSplitByExamples() {
    // batch norm's training statistics are the whole batch's
    Model model = Nets.model(CNN);
    model.initialize(5);
    int batch = 64;
    float[] x = inputs(model, batch, 3);
    float[] alone = new float[batch * model.outputSize()];
    float[] shared = new float[batch * model.outputSize()];
    Workspace ws = model.newWorkspace(batch);
    model.forward(ws, x, alone, batch, true);
    try (Team team = Team.start(2).attach()) {
      model.forward(ws, x, shared, batch, true);
    }
    for (int i = 0; i < alone.length; i++) {
      assertEquals(alone[i], shared[i], 1e-5f * Math.max(1f, Math.abs(alone[i])), "output " + i);
    }
  }

  @Test
  void aWarmedUpSplitPassAllocatesNothingOnEitherThread() {
    Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
        "a two-thread team needs two cores");
    Model model = Nets.model(CNN);
    model.initialize(5);
    int batch = 64;
    float[] x = inputs(model, batch, 4);
    float[] out = new float[batch * model.outputSize()];
    Workspace ws = model.newWorkspace(batch);
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (Team team = Team.start(2).attach()) {
      long best = Long.MAX_VALUE;
      // rounds until zero: the first ones may run interpreted or C1 code, which allocates
      for (int round = 0; round < 30 && best > 0; round++) {
        for (int i = 0; i < 200; i++) {
          model.forward(ws, x, out, batch, false);
        }
        long[] ids = teamThreadIds();
        long own = -total(bean, ids) + total(bean, ids);
        long before = total(bean, ids);
        for (int i = 0; i < 50; i++) {
          model.forward(ws, x, out, batch, false);
        }
        best = Math.min(best, total(bean, ids) - before - own);
      }
      assertEquals(0, best, "bytes allocated by 50 split passes, caller and worker");
    }
  }

  private static float[] inputs(Model model, int batch, long seed) {
    Random r = new Random(seed);
    float[] x = new float[batch * model.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() < 0.5f ? 0f : r.nextFloat();
    }
    return x;
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
}
