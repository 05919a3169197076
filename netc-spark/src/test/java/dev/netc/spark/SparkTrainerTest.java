package dev.netc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Sgd;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.FashionMlp;
import dev.netc.samples.training.FashionMlpPlain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkTrainerTest {
  private final SparkSession spark = SparkTestSession.get();

  private static FashionMlp initialized(long seed) {
    FashionMlp m = new FashionMlp();
    m.initialize(seed);
    return m;
  }

  /**
   * One partition: the shares are the local trainer's batches, the dropout generator is its, the
   * sum is the one gradient, the optimizer (Adam, declared) steps on the driver: bitwise equal,
   * over two epochs (a reshuffle) with a short last batch, the data read back from Parquet.
   */
  @Test
  void onePartitionEqualsTheLocalTrainerBitwise(@TempDir Path dir) {
    Dataset data = SparkTestSession.fashionTrain(300);
    FashionMlp local = initialized(3);
    Trainer.builder(local).batchSize(32).epochs(2).seed(11).build().fit(data);

    String parquet = dir.resolve("train.parquet").toUri().toString();
    NetcFrames.writeParquet(NetcFrames.of(spark, data, 3), parquet);
    org.apache.spark.sql.Dataset<Row> rows = spark.read().parquet(parquet);
    FashionMlp distributed = initialized(3);
    SparkHistory h = SparkTrainer.builder(spark, ModelFactory.of(FashionMlp.class))
        .batchSize(32).epochs(2).seed(11).partitions(1).build().fit(distributed, rows);

    assertEquals(20, h.steps()); // 10 batches per epoch, the last of 12 examples
    assertEquals(2, h.epochLoss().size());
    assertArrayEquals(local.parameters(), distributed.parameters());
  }

  /**
   * Two partitions: after every step, the parameters equal one local SGD step on the whole global
   * batch from the parameters before it, within float rounding (the partitions' weighted means are
   * added instead of one mean over the batch).
   */
  @Test
  void twoPartitionsTakeTheLocalBigBatchStepEachStep() {
    Dataset data = SparkTestSession.fashionTrain(256);
    int batch = 64;
    FashionMlpPlain model = new FashionMlpPlain();
    model.initialize(5);
    List<float[]> after = new ArrayList<>();
    after.add(model.parameters().clone());
    SparkHistory h = SparkTrainer.builder(spark, ModelFactory.of(FashionMlpPlain.class))
        .batchSize(batch).epochs(1).seed(17).partitions(2)
        .optimizer(() -> new Sgd(0.5))
        .listener((step, epoch, loss) -> after.add(model.parameters().clone()))
        .build().fit(model, NetcFrames.of(spark, data, 2));
    assertEquals(4, h.steps());

    // the same global batches, drawn as the trainer draws them
    int[] positionOf = new EpochOrder(data.size(), 17).nextPositions();
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[positionOf[i]] = i;
    }
    FashionMlpPlain reference = new FashionMlpPlain();
    Workspace ws = reference.newWorkspace(batch);
    float[] x = new float[batch * data.inputSize()];
    float[] y = new float[batch * data.targetSize()];
    for (int b = 0; b < 4; b++) {
      System.arraycopy(after.get(b), 0, reference.parameters(), 0, reference.parameterCount());
      reference.markParametersSet();
      data.copyBatch(order, b * batch, batch, x, y);
      reference.computeGradients(ws, x, y, batch, false);
      new Sgd(0.5).step(reference.parameters(), ws.gradients());
      float[] expected = reference.parameters();
      float[] got = after.get(b + 1);
      // rounding differences are relative to the step's size, not to the parameters'
      float[] before = after.get(b);
      double largestUpdate = 0;
      double largestDifference = 0;
      int changed = 0;
      for (int i = 0; i < expected.length; i++) {
        largestUpdate = Math.max(largestUpdate, Math.abs(expected[i] - before[i]));
        largestDifference = Math.max(largestDifference, Math.abs(expected[i] - got[i]));
        changed += before[i] != got[i] ? 1 : 0;
      }
      assertTrue(largestDifference <= 1e-5 * largestUpdate, "step " + (b + 1) + ": parameters differ by up to "
          + largestDifference + ", the step moved them by up to " + largestUpdate);
      assertTrue(changed > 10_000 && largestUpdate > 1e-3, "step " + (b + 1) + " changed " + changed
          + " floats, by up to " + largestUpdate);
    }
  }

  /** Averaging every 4 batches: fewer rounds, it learns, and two runs agree bitwise. */
  @Test
  void parameterAveragingLearnsAndIsDeterministic() {
    Dataset data = SparkTestSession.fashionTrain(768);
    org.apache.spark.sql.Dataset<Row> rows = NetcFrames.of(spark, data, 2);
    float[][] results = new float[2][];
    SparkHistory h = null;
    for (int run = 0; run < 2; run++) {
      FashionMlp model = initialized(1);
      h = SparkTrainer.builder(spark, ModelFactory.of(FashionMlp.class))
          .batchSize(64).epochs(3).seed(2).averageEvery(4).build().fit(model, rows);
      results[run] = model.parameters().clone();
      if (run == 0) {
        double accuracy = Trainer.evaluate(model, SparkTestSession.fashionTest(500), 250).accuracy();
        assertTrue(accuracy > 0.6, "test accuracy " + accuracy);
      }
    }
    assertArrayEquals(results[0], results[1]);
    assertEquals(36, h.steps());
    assertEquals(9, h.rounds()); // 12 batches per epoch in rounds of 4
    assertTrue(h.epochLoss().get(2) < h.epochLoss().get(0), "losses " + h.epochLoss());
  }

  @Test
  void aRowWithTheWrongInputSizeIsReportedByColumn() {
    List<Row> rows = List.of(org.apache.spark.sql.RowFactory.create(0L,
        scala.collection.immutable.ArraySeq.unsafeWrapArray(new float[] {1f, 2f}), 3));
    org.apache.spark.sql.Dataset<Row> frame = spark.createDataFrame(rows, NetcFrames.LABELLED);
    FashionMlp model = initialized(1);
    SparkTrainer t = SparkTrainer.builder(spark, ModelFactory.of(FashionMlp.class)).build();
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> t.fit(model, frame));
    assertTrue(String.valueOf(rootCause(e).getMessage())
        .contains("column \"features\" holds 2 numbers, the network takes 784 per example"), rootCause(e).toString());
  }

  @Test
  void aMissingColumnIsNamed() {
    FashionMlp model = initialized(1);
    org.apache.spark.sql.Dataset<Row> frame = NetcFrames.of(spark, SparkTestSession.fashionTrain(4), 1)
        .withColumnRenamed("label", "class");
    SparkTrainer t = SparkTrainer.builder(spark, ModelFactory.of(FashionMlp.class)).build();
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.fit(model, frame));
    assertTrue(e.getMessage().startsWith("no target column \"label\" in struct<index:bigint,"), e.getMessage());
  }

  @Test
  void aModelOfAnotherClassIsRefused() {
    SparkTrainer t = SparkTrainer.builder(spark, ModelFactory.of(FashionMlp.class)).build();
    FashionMlpPlain other = new FashionMlpPlain();
    other.initialize(1);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> t.fit(other, NetcFrames.of(spark, SparkTestSession.fashionTrain(4), 1)));
    assertEquals("the trainer's factory makes FashionMlp (203530 parameters), but fit was given FashionMlpPlain"
        + " (203530 parameters): pass a model of the factory's class", e.getMessage());
    IllegalStateException notSet = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> t.fit(new FashionMlp(), NetcFrames.of(spark, SparkTestSession.fashionTrain(4), 1)));
    assertTrue(notSet.getMessage().startsWith("FashionMlp's parameters were never set"), notSet.getMessage());
  }

  @Test
  void theDeclaredOptimizerIsTheDefault() {
    String declared = OptimizerFactory.declaredBy(new FashionMlp()).create().describe();
    assertTrue(declared.startsWith("adam(lr=0.001,"), declared);
  }

  static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
