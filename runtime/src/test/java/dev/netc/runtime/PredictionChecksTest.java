package dev.netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.io.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a model refuses instead of answering silently: passes before its parameters were set,
 * prediction arrays that are not exactly one example, a class or probabilities from NaN outputs;
 * and class probabilities as the declared loss defines them.
 */
class PredictionChecksTest {
  @TempDir Path dir;

  @Test
  void aModelNeitherInitializedNorLoadedRefusesToPredictOrTrain() {
    LinearModel m = new LinearModel("Lin", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.predict(new float[2]));
    assertTrue(e.getMessage().contains("model Lin has no parameters yet: all 9 are zero"), e.getMessage());
    assertTrue(e.getMessage().contains("Call model.initialize(42)"), e.getMessage());
    assertTrue(e.getMessage().contains("ModelFile.load"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> m.predictClass(new float[2]));
    Workspace ws = m.newWorkspace(1);
    assertThrows(IllegalStateException.class,
        () -> m.computeGradients(ws, new float[2], new float[] {1, 0, 0}, 1, false));
    assertThrows(IllegalStateException.class, () -> m.computeLoss(ws, new float[2], new float[] {1, 0, 0}, 1));
    assertThrows(IllegalStateException.class, () -> m.forward(ws, new float[2], new float[3], 1, false));
  }

  @Test
  void initializedLoadedHandSetOrDeclaredParametersAreReady() throws IOException {
    LinearModel initialized = new LinearModel("Lin", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    initialized.initialize(7);
    initialized.predict(new float[2]);

    LinearModel byHand = new LinearModel("Lin", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    byHand.parameters()[7] = 0.5f; // a bias written through parameters()
    assertEquals(1, byHand.predictClass(new float[2]));

    LinearModel zeros = new LinearModel("Lin", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    zeros.markParametersSet();
    assertArrayEquals(new float[3], zeros.predict(new float[2]));

    // a file that holds zeros still counts as loaded
    Path f = dir.resolve("zeros.netc");
    ModelFile.save(zeros, f);
    LinearModel loaded = new LinearModel("Lin", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    ModelFile.load(loaded, f);
    assertArrayEquals(new float[3], loaded.predict(new float[2]));
    assertTrue(loaded.parametersSet());
  }

  @Test
  void predictTakesExactlyOneExample() {
    LinearModel m = new LinearModel("Lin", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    m.initialize(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[4]));
    assertEquals("input has 4 floats; a prediction takes exactly one example of 2 floats (for a batch of"
        + " examples use forward(workspace, inputs, outputs, batch, false))", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.predict(new float[1]));
    assertThrows(IllegalArgumentException.class, () -> m.predictClass(new float[3]));
    assertThrows(IllegalArgumentException.class, () -> m.predictProbabilities(new float[3]));
    assertThrows(IllegalArgumentException.class, () -> m.predict(new float[2], new float[4]));
    m.predict(new float[2], new float[3]);
  }

  @Test
  void predictClassOfNaNOutputsThrows() {
    LinearModel m = new LinearModel("Lin", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    m.initialize(1);
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> m.predictClass(new float[] {Float.NaN, 1}));
    assertTrue(e.getMessage().contains("computed NaN for output 0"), e.getMessage());
    assertTrue(e.getMessage().contains("the input holds NaN at element 0"), e.getMessage());
    java.util.Arrays.fill(m.parameters(), Float.NaN);
    e = assertThrows(ArithmeticException.class, () -> m.predictClass(new float[] {1, 1}));
    assertTrue(e.getMessage().contains("check the parameters"), e.getMessage());
    assertThrows(ArithmeticException.class, () -> m.predictProbabilities(new float[] {1, 1}));
  }

  @Test
  void probabilitiesFollowTheDeclaredLoss() {
    LinearModel soft = new LinearModel("Soft", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    soft.markParametersSet();
    float[] p = soft.parameters();
    p[6] = 1; // biases: logits 1, 2, 3 for a zero input
    p[7] = 2;
    p[8] = 3;
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(new float[] {(float) (Math.exp(1) / z), (float) (Math.exp(2) / z), (float) (Math.exp(3) / z)},
        soft.predictProbabilities(new float[2]), 1e-6f);
    p[8] = 1000; // no overflow: shifted by the largest logit
    assertArrayEquals(new float[] {0, 0, 1}, soft.predictProbabilities(new float[2]), 1e-6f);

    Model binary = (Model) java.lang.reflect.Proxy.newProxyInstance(Model.class.getClassLoader(),
        new Class<?>[] {Model.class}, (proxy, method, args) -> switch (method.getName()) {
          case "loss" -> LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS;
          case "outputSize" -> 2;
          case "outputShape" -> new int[] {2};
          case "outputs" -> java.util.List.of(
              new OutputPort("output", new int[] {2}, 0, LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS, 1, 0, 2));
          case "name" -> "Bin";
          default -> throw new AssertionError(method.getName());
        });
    assertArrayEquals(new float[] {0.5f, (float) (1 / (1 + Math.exp(-2)))},
        Probabilities.of(binary, new float[2], new float[] {0, 2}), 1e-6f);

    LinearModel regression = new LinearModel("Reg", 2, 1, LossKind.MSE);
    regression.initialize(1);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> regression.predictProbabilities(new float[2]));
    assertTrue(e.getMessage().contains("declares loss MSE"), e.getMessage());
  }
}
