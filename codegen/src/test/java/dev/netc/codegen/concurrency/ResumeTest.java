package dev.netc.codegen.concurrency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.data.BatchAugmentation;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.Checkpoint;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.LrSchedule;
import dev.netc.runtime.train.Trainer;
import dev.netc.runtime.train.TrainerBuilder;
import dev.netc.runtime.train.TrainingState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A generated model whose training is interrupted in the middle of an epoch (an exception from
 * inside a training step, as a crash would stop it) and resumed from the last checkpoint, which
 * {@link Checkpoint#every} writes at the end of each epoch, ends with bit for bit the parameters of
 * the run that was never interrupted: on one thread and on a two-thread team. The network has
 * dropout (the dropout stream), the trainer shuffles, augments, warms up the learning rate and
 * uses Adam (the optimizer's moments): every piece of state a resumed run must restore.
 */
class ResumeTest {
  static final String NET = """
      network Resumable {
        input x: float[6, 6];
        flatten;
        dense(32, activation: gelu);
        dropout(0.3);
        dense(16, activation: tanh);
        dense(5);
        loss softmax_cross_entropy;
      }
      """;

  static final int EPOCHS = 5;
  static final int BATCH = 16;
  static final int EXAMPLES = 160; // 10 batches per epoch

  @TempDir Path dir;

  /** Thrown from inside a training step: the crash the checkpoint has to survive. */
  static final class Interrupted extends RuntimeException {
    Interrupted() {
      super("interrupted mid-epoch", null, false, false);
    }
  }

  static Dataset data() {
    Random r = new Random(4);
    int size = 36;
    float[] x = new float[EXAMPLES * size];
    int[] labels = new int[EXAMPLES];
    for (int i = 0; i < EXAMPLES; i++) {
      labels[i] = i % 5;
      for (int k = 0; k < size; k++) {
        x[i * size + k] = (float) r.nextGaussian() + (k % 5 == labels[i] ? 1f : 0f);
      }
    }
    return Dataset.classification(x, size, labels, 5);
  }

  /**
   * Jitters every batch with the augmentation stream; throws at the {@code failAt}-th batch of
   * the trainer's run (counted from 1), or never when 0.
   */
  static BatchAugmentation jitter(int failAt) {
    int[] batches = {0};
    return (x, batch, size, rng) -> {
      if (++batches[0] == failAt) {
        throw new Interrupted();
      }
      for (int i = 0; i < batch * size; i++) {
        x[i] += (float) (rng.nextDouble() - 0.5) * 0.05f;
      }
    };
  }

  static TrainerBuilder trainer(Model model, int threads, int failAt) {
    return Trainer.builder(model).optimizer(Optimizers.adam(3e-3)).epochs(EPOCHS).batchSize(BATCH).seed(9)
        .schedule(LrSchedule.warmup(15, LrSchedule.cosine(EPOCHS, 1e-4))).augmentation(jitter(failAt))
        .threads(threads);
  }

  @ParameterizedTest(name = "{0} thread(s)")
  @ValueSource(ints = {1, 2})
  void aRunInterruptedMidEpochAndResumedEndsWithTheUninterruptedParameters(int threads) throws Exception {
    Dataset data = data();
    Nets.Built built = Nets.compile(NET);

    Model straight = built.model();
    straight.initialize(3);
    History full = trainer(straight, threads, 0).build().fit(data);
    assertEquals(EPOCHS, full.size());

    // interrupted at the 4th of 10 batches of epoch 3: the checkpoint holds epoch 2's end
    Path file = dir.resolve("resumable.netc");
    Model first = built.model();
    first.initialize(3);
    Trainer interrupted = trainer(first, threads, 2 * 10 + 4).listener(Checkpoint.every(file, 1)).build();
    assertThrows(Interrupted.class, () -> interrupted.fit(data));
    assertFalse(Arrays.equals(straight.parameters(), first.parameters()), "the interrupted run stopped early");

    Model resumed = built.model();
    TrainingState state = ModelFile.loadCheckpoint(resumed, file);
    assertEquals(2, state.epoch());
    Trainer rest = trainer(resumed, threads, 0).build();
    rest.restore(state);
    History tail = rest.fit(data);
    assertEquals(List.of(3, 4, 5), tail.epochs().stream().map(History.Epoch::epoch).toList());
    assertArrayEquals(straight.parameters(), resumed.parameters(), "resumed run differs from the uninterrupted one");
    assertEquals(full.last().trainLoss(), tail.last().trainLoss(), 0.0);
    assertTrue(full.last().trainLoss() < full.epochs().get(0).trainLoss(), full.toCsv());
  }
}
