package dev.netc.samples.annotated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.Xor;
import org.junit.jupiter.api.Test;

/** The model the annotation processor generated from {@link XorNet} trains like its .net twin. */
class XorNetTest {
  private static final float[] X = {0, 0, 0, 1, 1, 0, 1, 1};
  private static final float[] Y = {0, 1, 1, 0};

  @Test
  void learnsAllFourCases() {
    XorNetModel model = new XorNetModel();
    long seed = model.trainingSpec().seed();
    model.initialize(seed);
    Trainer.builder(model).seed(seed).epochs(model.trainingSpec().epochs()).build()
        .fit(Dataset.of(X, Y, 2, 1));
    for (int i = 0; i < 4; i++) {
      float p = model.predict(new float[] {X[2 * i], X[2 * i + 1]})[0];
      assertEquals(Y[i] > 0.5f, p > 0.5f, "xor(" + X[2 * i] + ", " + X[2 * i + 1] + ") = " + p);
    }
  }

  @Test
  void trainsExactlyLikeTheDslTwin() {
    // same layers, same parameter layout, same optimizer and seed: the same numbers, bit for bit
    XorNetModel annotated = new XorNetModel();
    Xor dsl = new Xor();
    assertEquals(dsl.trainingSpec().seed(), annotated.trainingSpec().seed());
    annotated.initialize(7);
    dsl.initialize(7);
    Trainer.builder(annotated).seed(7).epochs(50).build().fit(Dataset.of(X, Y, 2, 1));
    Trainer.builder(dsl).seed(7).epochs(50).build().fit(Dataset.of(X, Y, 2, 1));
    for (int i = 0; i < 4; i++) {
      float[] in = {X[2 * i], X[2 * i + 1]};
      assertArrayEquals(dsl.predict(in), annotated.predict(in));
    }
  }
}
