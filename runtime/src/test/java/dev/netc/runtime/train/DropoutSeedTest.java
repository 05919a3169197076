package dev.netc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.netc.runtime.Rng;
import dev.netc.runtime.TwoLayerModel;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.ParameterMask;
import dev.netc.runtime.optim.Sgd;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Trainer#dropoutSeed}: a step outside the trainer repeats the trainer's step bitwise with it. */
class DropoutSeedTest {

  @Test
  void aManualStepWithTheDropoutSeedRepeatsTheTrainersStep() {
    Dataset data = TrainingFeaturesTest.blobs(40, 3);
    long seed = 19;
    TwoLayerModel trained = TrainingFeaturesTest.net(5);
    Trainer.builder(trained).optimizer(new Sgd(0.1)).batchSize(data.size()).epochs(1).seed(seed).build().fit(data);

    // one full batch in the epoch's order, the workspace seeded as the trainer seeds it
    assertArrayEquals(trained.parameters(), manualStep(data, seed, Trainer.dropoutSeed(seed)));
    // the dropout masks matter: another workspace seed gives other parameters
    assertFalse(Arrays.equals(trained.parameters(), manualStep(data, seed, seed)));
  }

  private static float[] manualStep(Dataset data, long seed, long workspaceSeed) {
    TwoLayerModel m = TrainingFeaturesTest.net(5);
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    new Rng(seed).shuffle(order);
    float[] x = new float[n * data.inputSize()];
    float[] y = new float[n * data.targetSize()];
    data.copyBatch(order, 0, n, x, y);
    Workspace ws = m.newWorkspace(n, workspaceSeed);
    m.computeGradients(ws, x, y, n, false);
    Sgd sgd = new Sgd(0.1);
    sgd.setMask(ParameterMask.of(m));
    sgd.step(m.parameters(), ws.gradients());
    return m.parameters();
  }
}
