package dev.netc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netc.runtime.LossKind;
import dev.netc.runtime.TwoLayerModel;
import dev.netc.runtime.kernels.Team;
import dev.netc.runtime.optim.Optimizers;
import org.junit.jupiter.api.Test;

/**
 * {@code Trainer.threads(n)}: a team shares the step's products and the optimizer's loop. This
 * model's layers are plain loops, so only the optimizer update is split, and that is
 * element-wise: several threads must give bitwise the same weights as one. (Split products,
 * whose reductions round differently, are covered by {@code TeamTest} and the generated-model
 * tests in codegen.)
 */
class TrainerThreadsTest {

  /** Over 65,536 parameters, so that the optimizer's loop is split. */
  private static TwoLayerModel wide() {
    TwoLayerModel m = new TwoLayerModel("Wide", 4, 8192, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0.2f);
    m.initialize(1);
    return m;
  }

  private static float[] train(int threads) {
    TwoLayerModel m = wide();
    TrainingFeaturesTest.rich(m, 2).threads(threads).build().fit(TrainingFeaturesTest.blobs(120, 3));
    return m.parameters();
  }

  @Test
  void threadsGiveTheSameWeightsAsOneThreadWhenOnlyTheOptimizerIsSplit() {
    float[] one = train(1);
    assertArrayEquals(one, train(2));
    assertArrayEquals(one, train(3));
  }

  @Test
  void theTeamIsDetachedAfterFitEvenWhenTrainingFails() {
    TwoLayerModel m = wide();
    Trainer t = Trainer.builder(m).epochs(1).threads(2).optimizer(Optimizers.sgd(1e30)).build();
    assertThrows(NonFiniteLossException.class, () -> t.fit(TrainingFeaturesTest.blobs(64, 3)));
    assertNull(Team.current());
    Trainer.builder(wide()).epochs(1).threads(2).build().fit(TrainingFeaturesTest.blobs(64, 3));
    assertNull(Team.current());
  }

  @Test
  void threadCountIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(TrainingFeaturesTest.net(1)).threads(0));
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(TrainingFeaturesTest.net(1)).threads(65));
    assertEquals(2, Team.start(2).size());
  }
}
