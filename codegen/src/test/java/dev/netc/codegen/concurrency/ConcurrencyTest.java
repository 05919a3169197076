package dev.netc.codegen.concurrency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One generated, initialized model predicting from 8 threads at once gives bit for bit the
 * sequential results; predictions that overlap training fail clearly, and a snapshot serves
 * predictions while the original trains. (A prediction already under way when training begins:
 * runtime's {@code PredictionOverlapTest}, deterministic with latches, since the check lives in
 * {@code GeneratedModel}.)
 */
class ConcurrencyTest {

  static final String NET = """
      network Par {
        input x: float[6, 6];
        flatten;
        dense(32, activation: gelu);
        dropout(0.3);
        dense(16, activation: tanh);
        dense(5);
        loss softmax_cross_entropy;
      }
      """;

  static float[][] inputs(int n, int size) {
    Random r = new Random(3);
    float[][] x = new float[n][size];
    for (float[] row : x) {
      for (int i = 0; i < size; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void eightThreadsPredictExactlyTheSequentialResults() throws Exception {
    Model model = Nets.model(NET);
    model.initialize(11);
    float[][] x = inputs(400, model.inputSize());
    float[][] expected = new float[x.length][];
    int[] expectedClass = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      expected[i] = model.predict(x[i]);
      expectedClass[i] = model.predictClass(x[i]);
    }
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 37;
        results.add(pool.submit(() -> {
          start.await();
          float[] out = new float[model.outputSize()];
          int checked = 0;
          for (int rep = 0; rep < 20; rep++) {
            for (int k = 0; k < x.length; k++) {
              int i = (k + offset) % x.length;
              model.predict(x[i], out);
              assertArrayEquals(expected[i], out, "example " + i);
              assertEquals(expectedClass[i], model.predictClass(x[i]));
              checked++;
            }
          }
          return checked;
        }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertEquals(threads * 20 * x.length, total);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void predictingFromAnotherThreadWhileTrainingIsAClearError() throws Exception {
    GeneratedModel model = (GeneratedModel) Nets.model(NET);
    model.initialize(5);
    float[] x = inputs(1, model.inputSize())[0];
    float[] before = model.predict(x);
    GeneratedModel snapshot = model.snapshot();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (Model.TrainingSession session = model.beginTraining()) {
      assertTrue(model.isTraining());
      // a second trainer is refused
      Exception second = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> other.submit(model::beginTraining).get().close(), "second training session");
      assertTrue(second.getCause() instanceof IllegalStateException, String.valueOf(second.getCause()));
      Future<?> f = other.submit(() -> model.predict(x));
      Exception e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
      assertTrue(e.getCause().getMessage().contains("snapshot"), e.getCause().getMessage());
      assertThrows(Exception.class, () -> other.submit(() -> model.predictClass(x)).get());
      // the training thread itself may evaluate
      model.predict(x);
      // training changes the parameters; the snapshot still serves the old model, from any thread
      java.util.Arrays.fill(model.parameters(), 0.01f);
      assertArrayEquals(before, other.submit(() -> snapshot.predict(x)).get());
    } finally {
      other.shutdownNow();
    }
    ExecutorService after = Executors.newSingleThreadExecutor();
    try {
      assertEquals(false, model.isTraining());
      after.submit(() -> model.predict(x)).get();
    } finally {
      after.shutdownNow();
    }
  }
}
