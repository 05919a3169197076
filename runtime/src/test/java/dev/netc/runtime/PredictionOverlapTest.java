package dev.netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A prediction from another thread that is under way when training begins fails at its end (it
 * may have read half-updated parameters), whether the session is still open then or already
 * closed; one that ended before training began stands. Deterministic: the prediction is held in
 * its forward pass by latches while the main thread opens (and closes) the session, so the
 * overlap happens on every run instead of by the luck of a sleep. The waits on the latches are
 * bounded only so that a broken test fails instead of hanging the build.
 */
class PredictionOverlapTest {
  private static final long HANG_GUARD_SECONDS = 60;

  private final float[] x = {0.5f, -1f};
  private LinearModel model;
  private ExecutorService predictor;
  private CountDownLatch inForward;
  private CountDownLatch release;

  @BeforeEach
  void setUp() {
    model = new LinearModel("Lin", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    model.initialize(1);
    predictor = Executors.newSingleThreadExecutor();
    inForward = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    predictor.shutdownNow();
  }

  /** Starts a prediction on the other thread and returns once it is inside its forward pass. */
  private Future<float[]> predictionHeldInItsForwardPass() throws InterruptedException {
    model.duringForward = () -> {
      model.duringForward = null; // hold only this one pass
      inForward.countDown();
      await(release);
    };
    Future<float[]> prediction = predictor.submit(() -> model.predict(x));
    assertTrue(inForward.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "the prediction never started");
    return prediction;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void assertOverlapError(Future<float[]> prediction) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> prediction.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
    assertTrue(e.getCause().getMessage().contains("model Lin is being trained: predictions from other threads"
        + " would read half-updated parameters; predict from model.snapshot()"), e.getCause().getMessage());
  }

  @Test
  void aPredictionThatOverlapsTheStartOfTrainingFails() throws Exception {
    Future<float[]> prediction = predictionHeldInItsForwardPass();
    try (Model.TrainingSession session = model.beginTraining()) {
      release.countDown();
      assertOverlapError(prediction);
    }
  }

  @Test
  void aPredictionThatSpansAWholeTrainingSessionFails() throws Exception {
    Future<float[]> prediction = predictionHeldInItsForwardPass();
    try (Model.TrainingSession session = model.beginTraining()) {
      java.util.Arrays.fill(model.parameters(), 0.25f); // what a training step might do meanwhile
    }
    release.countDown();
    assertOverlapError(prediction);
  }

  @Test
  void aPredictionThatEndedBeforeTrainingBeganStands() throws Exception {
    float[] expected = model.predict(x);
    Future<float[]> prediction = predictionHeldInItsForwardPass();
    release.countDown();
    assertArrayEquals(expected, prediction.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
    try (Model.TrainingSession session = model.beginTraining()) {
      assertTrue(model.isTraining());
    }
  }
}
