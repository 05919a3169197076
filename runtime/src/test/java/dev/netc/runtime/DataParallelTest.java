package dev.netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two-thread training: deterministic, equal to one thread up to rounding, and safe to refuse. */
class DataParallelTest {

  private static History train(TwoLayerModel m, int threads, int epochs, List<String> log) {
    return TrainingFeaturesTest.rich(m, epochs).threads(threads).log(log::add).build()
        .fit(TrainingFeaturesTest.blobs(150, 3));
  }

  @Test
  void twoThreadsGiveBitwiseTheSameWeightsTwice() {
    TwoLayerModel a = TrainingFeaturesTest.net(1);
    TwoLayerModel b = TrainingFeaturesTest.net(1);
    train(a, 2, 3, new ArrayList<>());
    train(b, 2, 3, new ArrayList<>());
    assertArrayEquals(a.parameters(), b.parameters());
  }

  @Test
  void theCombinedGradientIsTheWholeBatchGradient() {
    // without dropout the halves' weighted mean equals the full batch's gradient up to rounding
    TwoLayerModel m = new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0f);
    m.initialize(3);
    Dataset data = TrainingFeaturesTest.blobs(31, 5);
    float[] x = new float[31 * 4];
    float[] y = new float[31 * 3];
    int[] order = new int[31];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    data.copyBatch(order, 0, 31, x, y);
    Workspace whole = m.newWorkspace(31, 1);
    double expectedLoss = m.computeGradients(whole, x, y, 31, false);
    Workspace main = m.newWorkspace(31, 1);
    try (DataParallelStep step = new DataParallelStep(m, main, 31, 2)) {
      double loss = step.computeGradients(x, y, 31);
      assertEquals(expectedLoss, loss, 1e-6);
      float[] g = main.gradients();
      float[] e = whole.gradients();
      for (int i = 0; i < e.length; i++) {
        assertEquals(e[i], g[i], 1e-6 * (1 + Math.abs(e[i])), "gradient " + i);
      }
      float[] out = m.lastOutput(main);
      float[] expectedOut = m.lastOutput(whole);
      for (int i = 0; i < 31 * 3; i++) {
        assertEquals(expectedOut[i], out[i], 1e-6, "output " + i + " (second half copied after the first)");
      }
    }
  }

  @Test
  void twoThreadsLearnAsWellAsOne() {
    TwoLayerModel one = TrainingFeaturesTest.net(1);
    TwoLayerModel two = TrainingFeaturesTest.net(1);
    History h1 = train(one, 1, 8, new ArrayList<>());
    History h2 = train(two, 2, 8, new ArrayList<>());
    assertTrue(h2.last().trainLoss() < h2.epochs().get(0).trainLoss(), "two threads learn");
    assertEquals(h1.last().trainLoss(), h2.last().trainLoss(), 0.1 * h1.last().trainLoss() + 0.02);
  }

  @Test
  void modelsThatUpdateTheirOwnStateTrainOnOneThreadAndSaySo() {
    List<ParameterInfo> withState = new ArrayList<>(TrainingFeaturesTest.net(1).parameterInfo());
    assertTrue(DataParallelStep.supports(TrainingFeaturesTest.net(1)));
    ParameterInfo first = withState.get(0);
    ParameterInfo running = new ParameterInfo("bn.running_mean", "bn", first.offset(), first.shape(),
        Init.ZEROS, first.fanIn(), first.fanOut(), false);
    assertFalse(running.trainable());
    Model stateful = new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0f) {
      @Override
      public List<ParameterInfo> parameterInfo() {
        List<ParameterInfo> l = new ArrayList<>(super.parameterInfo());
        l.add(running);
        return l;
      }
    };
    assertFalse(DataParallelStep.supports(stateful));
    List<String> log = new ArrayList<>();
    stateful.initialize(1);
    Trainer.builder(stateful).epochs(1).threads(2).log(log::add).build()
        .fit(TrainingFeaturesTest.blobs(40, 3));
    assertTrue(log.stream().anyMatch(l -> l.contains("training on one thread")), String.join("\n", log));
  }

  @Test
  void threadCountIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(TrainingFeaturesTest.net(1)).threads(3));
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(TrainingFeaturesTest.net(1)).threads(0));
  }
}
