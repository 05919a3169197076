package dev.netc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.OptimizerSpec;
import dev.netc.runtime.Rng;
import dev.netc.runtime.TrainingSpec;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Adam;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

  /** y = 2 x1 - 3 x2 + 0.5 + noise, x uniform in [-1, 1]^2. */
  private static Dataset regression(int n, double noise, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[2 * n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = (float) (rng.nextDouble() * 2 - 1);
      x[2 * i + 1] = (float) (rng.nextDouble() * 2 - 1);
      y[i] = (float) (2 * x[2 * i] - 3 * x[2 * i + 1] + 0.5 + noise * rng.nextGaussian());
    }
    return Dataset.of(x, y, 2, 1);
  }

  /** Three Gaussian blobs in the plane, labels 0..2. */
  private static Dataset blobs(int n, long seed) {
    Rng rng = new Rng(seed);
    double[][] centers = {{2, 0}, {-2, 0}, {0, 2.5}};
    float[] x = new float[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      labels[i] = c;
      x[2 * i] = (float) (centers[c][0] + 0.6 * rng.nextGaussian());
      x[2 * i + 1] = (float) (centers[c][1] + 0.6 * rng.nextGaussian());
    }
    return Dataset.classification(x, 2, labels, 3);
  }

  /** Least-squares [w1, w2, b] by the normal equations, in double. */
  private static double[] leastSquares(Dataset d) {
    double[][] a = new double[3][4];
    for (int i = 0; i < d.size(); i++) {
      double[] row = {d.inputs()[2 * i], d.inputs()[2 * i + 1], 1};
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) {
          a[r][c] += row[r] * row[c];
        }
        a[r][3] += row[r] * d.targets()[i];
      }
    }
    for (int p = 0; p < 3; p++) {
      for (int r = p + 1; r < 3; r++) {
        double f = a[r][p] / a[p][p];
        for (int c = p; c < 4; c++) {
          a[r][c] -= f * a[p][c];
        }
      }
    }
    double[] w = new double[3];
    for (int r = 2; r >= 0; r--) {
      double s = a[r][3];
      for (int c = r + 1; c < 3; c++) {
        s -= a[r][c] * w[c];
      }
      w[r] = s / a[r][r];
    }
    return w;
  }

  @Test
  void fullBatchGradientDescentReachesTheLeastSquaresOptimum() {
    Dataset data = regression(64, 0.1, 1);
    double[] best = leastSquares(data);
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    m.initialize(3);
    double initialLoss = Trainer.evaluate(m, data, 64).loss();
    History h =
        Trainer.builder(m).optimizer(Optimizers.sgd(0.5)).batchSize(64).epochs(500).build().fit(data);
    float[] p = m.parameters();
    assertEquals(best[0], p[0], 1e-4);
    assertEquals(best[1], p[1], 1e-4);
    assertEquals(best[2], p[2], 1e-4);
    double finalLoss = Trainer.evaluate(m, data, 64).loss();
    assertTrue(finalLoss < initialLoss / 100, initialLoss + " -> " + finalLoss);
    assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss());
    assertTrue(Double.isNaN(h.last().trainAccuracy()), "no accuracy for MSE");
    assertTrue(Double.isNaN(h.last().validationLoss()));
  }

  @Test
  void miniBatchAdamReducesTheLoss() {
    Dataset data = regression(200, 0.1, 2);
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    m.initialize(4);
    History h =
        Trainer.builder(m).optimizer(Optimizers.adam(0.05)).batchSize(16).epochs(30).build().fit(data);
    assertEquals(30, h.size());
    assertTrue(h.last().trainLoss() < 0.05, h.toCsv());
    assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss() / 10, h.toCsv());
  }

  @Test
  void classificationReportsAccuracyAndLogsOneLinePerEpoch() {
    Dataset data = blobs(300, 5);
    LinearModel m =
        new LinearModel(
            "Soft", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY,
            new OptimizerSpec("adam", Map.of("lr", 0.05)), new TrainingSpec(16, 12, 5, true));
    m.initialize(1);
    List<String> lines = new ArrayList<>();
    Trainer t = Trainer.builder(m).validationSplit(0.2).log(lines::add).build();
    History h = t.fit(data);
    assertEquals(12, h.size());
    assertEquals(12, lines.size());
    assertTrue(
        lines.get(2).matches(
            "epoch  3/12  loss \\d+\\.\\d{4}  acc \\d\\.\\d{4}  val_loss \\d+\\.\\d{4}"
                + "  val_acc \\d\\.\\d{4}  \\(\\d+\\.\\d\\d s\\)"),
        lines.get(2));
    assertTrue(h.last().trainAccuracy() > 0.9, h.toCsv());
    assertTrue(h.last().validationAccuracy() > 0.9, h.toCsv());
    assertTrue(h.toCsv().startsWith("epoch,loss,acc,val_loss,val_acc,seconds\n1,"));

    // evaluate agrees with a direct computation in inference mode.
    Evaluation ev = Trainer.evaluate(m, data, 7);
    Workspace ws = m.newWorkspace(data.size());
    double loss = m.computeLoss(ws, data.inputs(), data.targets(), data.size());
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      float[] x = Arrays.copyOfRange(data.inputs(), 2 * i, 2 * i + 2);
      if (m.predictClass(x) == data.label(i)) {
        correct++;
      }
    }
    assertEquals(300, ev.count());
    assertEquals(loss, ev.loss(), 1e-6);
    assertEquals(correct / 300.0, ev.accuracy(), 1e-12);
  }

  @Test
  void sameSeedGivesBitwiseIdenticalWeights() {
    Dataset data = blobs(101, 9);
    float[] a = train(data, 123);
    float[] b = train(data, 123);
    assertTrue(Arrays.equals(a, b));
    assertFalse(Arrays.equals(a, train(data, 124)), "the seed must matter");
  }

  private static float[] train(Dataset data, long seed) {
    LinearModel m = new LinearModel("Soft", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    m.initialize(17);
    Trainer.builder(m)
        .optimizer(new Adam(0.01))
        .batchSize(7)
        .epochs(4)
        .seed(seed)
        .validationSplit(0.25)
        .build()
        .fit(data);
    return m.parameters().clone();
  }

  @Test
  void everyExampleIsUsedOncePerEpochIncludingTheLastPartialBatch() {
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    m.markParametersSet(); // a linear model trained from zero
    m.trainedBatches = new ArrayList<>();
    Trainer.builder(m).batchSize(4).epochs(2).build().fit(regression(10, 0, 1));
    assertEquals(List.of(4, 4, 2, 4, 4, 2), m.trainedBatches);
  }

  @Test
  void defaultsComeFromTheNetwork() {
    LinearModel declared =
        new LinearModel(
            "Lin", 2, 1, LossKind.MSE, new OptimizerSpec("adam", Map.of("lr", 0.05)),
            new TrainingSpec(16, 3, 99, true));
    Trainer t = Trainer.builder(declared).build();
    assertEquals(16, t.batchSize());
    assertEquals(3, t.epochs());
    assertEquals(99, t.seed());
    assertInstanceOf(Adam.class, t.optimizer());
    assertEquals(0.05, t.optimizer().learningRate());

    Trainer d = Trainer.builder(new LinearModel("Lin", 2, 1, LossKind.MSE)).build();
    assertEquals(32, d.batchSize());
    assertEquals(10, d.epochs());
    assertEquals(42, d.seed());
    assertEquals("sgd(lr=0.01)", d.optimizer().describe());

    Trainer o =
        Trainer.builder(declared).batchSize(8).epochs(2).seed(0).optimizer(Optimizers.sgd(1)).build();
    assertEquals(8, o.batchSize());
    assertEquals(2, o.epochs());
    assertEquals(0, o.seed());
    assertEquals("sgd(lr=1.0)", o.optimizer().describe());
  }

  @Test
  void aListenerCanStopTraining() {
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    m.markParametersSet(); // a linear model trained from zero
    List<Integer> seen = new ArrayList<>();
    History h =
        Trainer.builder(m)
            .epochs(10)
            .listener(
                (e, t) -> {
                  seen.add(e.epoch());
                  if (e.epoch() == 2) {
                    t.stop();
                  }
                })
            .build()
            .fit(regression(20, 0, 1));
    assertEquals(2, h.size());
    assertEquals(List.of(1, 2), seen);
  }

  @Test
  void nanLossStopsTrainingBeforeTheStep() {
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    m.initialize(1);
    m.parameters()[1] = Float.NaN;
    float[] before = m.parameters().clone();
    NonFiniteLossException e =
        assertThrows(
            NonFiniteLossException.class,
            () -> Trainer.builder(m).batchSize(4).build().fit(regression(10, 0, 1)));
    assertEquals(1, e.epoch());
    assertEquals(1, e.batch());
    assertTrue(e.getMessage().contains("loss is NaN in epoch 1, batch 1 of 3"), e.getMessage());
    assertTrue(Arrays.equals(before, m.parameters()));
  }

  @Test
  void divergenceIsReportedWithEpochAndBatch() {
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    m.initialize(1);
    Dataset data = regression(40, 0, 1);
    for (int i = 0; i < data.inputs().length; i++) {
      data.inputs()[i] *= 1000;
    }
    NonFiniteLossException e =
        assertThrows(
            NonFiniteLossException.class,
            () -> Trainer.builder(m).optimizer(Optimizers.sgd(10)).batchSize(8).epochs(50).build().fit(data));
    assertTrue(e.epoch() >= 1 && e.batch() >= 1 && e.batch() <= 5, e.getMessage());
    assertTrue(
        e.getMessage().contains("in epoch " + e.epoch() + ", batch " + e.batch() + " of 5"),
        e.getMessage());
  }

  @Test
  void rejectsBadSettingsAndMismatchedData() {
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    Dataset data = regression(10, 0, 1);
    assertThrows(
        IllegalStateException.class,
        () -> Trainer.builder(m).validationSplit(0.1).validationData(data).build());
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(m).batchSize(0));
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(m).validationSplit(1));
    Dataset wide = Dataset.of(new float[6], new float[2], 3, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(m).build().fit(wide));
    assertTrue(e.getMessage().contains("3 floats per input, network Lin expects 2"), e.getMessage());
  }

  @Test
  void validationDataIsEvaluatedEachEpoch() {
    Dataset train = blobs(90, 1);
    Dataset val = blobs(30, 2);
    LinearModel m = new LinearModel("Soft", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    m.initialize(1);
    History h =
        Trainer.builder(m).optimizer(Optimizers.adam(0.05)).epochs(3).validationData(val).build().fit(train);
    Evaluation ev = Trainer.evaluate(m, val, 1000);
    assertEquals(ev.loss(), h.last().validationLoss(), 1e-9);
    assertEquals(ev.accuracy(), h.last().validationAccuracy(), 1e-12);
  }

  @Test
  void trainingStepsDoNotAllocate() {
    dev.netc.runtime.JitAssumptions.assumeC2("training steps allocating nothing");
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);

    Dataset train = blobs(1000, 1);
    Dataset val = blobs(200, 2);
    LinearModel m = new LinearModel("Soft", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    m.initialize(1);
    Optimizer adam = Optimizers.adam(0.01);
    long[] bytes = new long[2];
    int[] epochs = {2, 6};
    for (int warm = 0; warm < 3; warm++) {
      for (int k = 0; k < 2; k++) {
        Trainer t =
            Trainer.builder(m).optimizer(adam).batchSize(1).epochs(epochs[k]).validationData(val).build();
        long start = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        t.fit(train);
        bytes[k] = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - start;
      }
    }
    // Four extra epochs are 4,000 training steps and 800 validation batches: per-step allocation
    // of even 16 bytes would show as 64 KB. What remains is per-epoch bookkeeping.
    long extra = bytes[1] - bytes[0];
    assertTrue(extra < 4 * 1024, "4 extra epochs allocated " + extra + " bytes");
  }
}
