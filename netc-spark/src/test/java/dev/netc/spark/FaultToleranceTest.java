package dev.netc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.samples.FashionMlp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task that fails is rerun by Spark with the same result; a driver that fails resumes from its checkpoint. */
class FaultToleranceTest {
  private static SparkSession spark;
  private static org.apache.spark.sql.Dataset<Row> rows;

  @BeforeAll
  static void rows() {
    spark = SparkTestSession.get();
    rows = NetcFrames.of(spark, SparkTestSession.fashionTrain(320), 2).cache();
  }

  @AfterAll
  static void release() {
    rows.unpersist();
  }

  private static SparkTrainer.Builder trainer(ModelFactory models) {
    return SparkTrainer.builder(spark, models).batchSize(32).epochs(2).seed(5);
  }

  private static FashionMlp fresh(long seed) {
    FashionMlp m = new FashionMlp();
    m.initialize(seed);
    return m;
  }

  @Test
  void aFailedTaskIsRecomputedAndTrainingGivesTheSameResult() {
    FashionMlp clean = fresh(8);
    trainer(ModelFactory.of(FashionMlp.class)).build().fit(clean, rows);

    FlakyModel.arm();
    FashionMlp flaky = fresh(8);
    try {
      trainer(FlakyModel::new).build().fit(flaky, rows);
    } finally {
      FlakyModel.armed = false;
    }
    assertTrue(FlakyModel.failed.get(), "the injected failure did not happen");
    assertTrue(FlakyModel.retried.get(), "Spark did not retry the failed task");
    assertArrayEquals(clean.parameters(), flaky.parameters());
  }

  @Test
  void averagingRoundsAreRecomputedToTheSameResult() {
    FashionMlp clean = fresh(9);
    trainer(ModelFactory.of(FashionMlp.class)).averageEvery(3).build().fit(clean, rows);

    FlakyModel.arm();
    FashionMlp flaky = fresh(9);
    try {
      trainer(FlakyModel::new).averageEvery(3).build().fit(flaky, rows);
    } finally {
      FlakyModel.armed = false;
    }
    assertTrue(FlakyModel.failed.get() && FlakyModel.retried.get());
    assertArrayEquals(clean.parameters(), flaky.parameters());
  }

  @Test
  void aFailedDriverResumesFromItsCheckpointBitwise(@TempDir Path dir) throws IOException {
    FashionMlp uninterrupted = fresh(4);
    SparkHistory whole = trainer(ModelFactory.of(FashionMlp.class)).build().fit(uninterrupted, rows);
    assertEquals(20, whole.steps());

    String checkpoints = dir.resolve("run").toUri().toString();
    FashionMlp first = fresh(4);
    RuntimeException crash = assertThrows(RuntimeException.class, () -> trainer(ModelFactory.of(FashionMlp.class))
        .checkpoints(checkpoints, 4)
        .listener((step, epoch, loss) -> {
          if (step == 14) {
            throw new RuntimeException("driver lost at step 14");
          }
        })
        .build().fit(first, rows));
    assertEquals("driver lost at step 14", crash.getMessage());
    try (Stream<Path> files = Files.list(dir.resolve("run"))) {
      // every 4 steps, the two newest kept
      assertEquals(List.of("step-000000000008.ckpt", "step-000000000012.ckpt"),
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ckpt")).sorted().toList());
    }

    // a new driver: another initialization, which the checkpoint replaces
    FashionMlp resumed = fresh(99);
    SparkHistory rest = trainer(ModelFactory.of(FashionMlp.class)).checkpoints(checkpoints, 4).build()
        .fit(resumed, rows);
    assertEquals(12, rest.resumedAtStep());
    assertEquals(20, rest.steps());
    assertEquals(8, rest.rounds());
    assertArrayEquals(uninterrupted.parameters(), resumed.parameters());
  }

  @Test
  void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) {
    String checkpoints = dir.resolve("run").toUri().toString();
    trainer(ModelFactory.of(FashionMlp.class)).epochs(1).checkpoints(checkpoints, 5).build().fit(fresh(1), rows);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> trainer(ModelFactory.of(FashionMlp.class)).batchSize(16).checkpoints(checkpoints, 5).build()
            .fit(fresh(1), rows));
    assertTrue(e.getMessage().contains("was written for batch size 32, 320 examples and 2 partitions; this run"
        + " has 16, 320 and 2"), e.getMessage());
  }

  @Test
  void aDamagedCheckpointIsSkippedForTheOneBefore(@TempDir Path dir) throws IOException {
    String checkpoints = dir.resolve("run").toUri().toString();
    FashionMlp crashed = fresh(2);
    assertThrows(RuntimeException.class, () -> trainer(ModelFactory.of(FashionMlp.class)).checkpoints(checkpoints, 3)
        .listener((step, epoch, loss) -> {
          if (step == 7) {
            throw new RuntimeException("stop");
          }
        }).build().fit(crashed, rows));
    Path newest = dir.resolve("run/step-000000000006.ckpt");
    byte[] b = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(b, b.length / 2));
    SparkHistory h = trainer(ModelFactory.of(FashionMlp.class)).checkpoints(checkpoints, 3).build()
        .fit(fresh(2), rows);
    assertEquals(3, h.resumedAtStep());
    assertFalse(h.epochLoss().isEmpty());
  }
}
