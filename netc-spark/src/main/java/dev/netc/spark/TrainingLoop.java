package dev.netc.spark;

import dev.netc.runtime.Model;
import dev.netc.runtime.Rng;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.OptimizerState;
import dev.netc.runtime.optim.ParameterMask;
import dev.netc.runtime.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's side of one {@link SparkTrainer#fit}: epochs of synchronous steps or averaging
 * rounds over the cached shards, checkpoints, listeners.
 */
final class TrainingLoop {
  /** Spreads the partitions' dropout seeds; partition 0 keeps the local trainer's. */
  private static final long PARTITION_STREAM = 0x9E3779B97F4A7C15L;

  record Settings(int batchSize, int epochs, long seed, int averageEvery, int treeDepth,
      SparkCheckpoints checkpoints, int checkpointEvery, List<StepListener> listeners) {}

  private final JavaSparkContext jsc;
  private final ShardedData data;
  private final Model model;
  private final ModelFactory models;
  private final Optimizer optimizer;
  private final OptimizerFactory optimizers;
  private final Settings s;
  private final int batches;

  TrainingLoop(SparkSession spark, ShardedData data, Model model, ModelFactory models, Optimizer optimizer,
      OptimizerFactory optimizers, Settings settings) {
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.data = data;
    this.model = model;
    this.models = models;
    this.optimizer = optimizer;
    this.optimizers = optimizers;
    this.s = settings;
    this.batches = (data.size() + settings.batchSize() - 1) / settings.batchSize();
    try {
      optimizer.setMask(ParameterMask.of(model));
    } catch (UnsupportedOperationException e) {
      // as in the local Trainer: an optimizer without masks trains every float
    }
    if (settings.averageEvery() > 1) {
      try {
        optimizer.exportState();
      } catch (UnsupportedOperationException e) {
        throw new IllegalArgumentException("parameter averaging averages the optimizer's state, and "
            + optimizer.describe() + " cannot export it; train synchronously (averageEvery 1)", e);
      }
    }
  }

  SparkHistory run() {
    EpochOrder order = new EpochOrder(data.size(), s.seed());
    long[] rng = initialDropoutStates(s.seed(), data.partitions());
    int startEpoch = 1;
    int startBatch = 0;
    long step = 0;
    if (s.checkpoints() != null) {
      SparkCheckpoints.Position at =
          s.checkpoints().resume(model, optimizer, s.batchSize(), data.size(), data.partitions());
      if (at != null) {
        step = at.step();
        startEpoch = at.epoch();
        startBatch = at.nextBatch();
        order.setState(at.shuffleAtEpochStart());
        rng = at.rngStates();
      }
    }
    long resumedAt = step;
    List<Double> epochLoss = new ArrayList<>();
    long rounds = 0;
    long nanos = 0;
    for (int epoch = startEpoch; epoch <= s.epochs(); epoch++) {
      long shuffleAtStart = order.state();
      Broadcast<int[]> positions = jsc.broadcast(order.nextPositions());
      double lossSum = 0;
      long seen = 0;
      try {
        int b = epoch == startEpoch ? startBatch : 0;
        while (b < batches) {
          int steps = Math.min(s.averageEvery(), batches - b);
          int count = examples(b, steps);
          StepPlan plan = new StepPlan(epoch, b, s.batchSize(), examples(b, 1), rng);
          long t0 = System.nanoTime();
          CanonicalSum sum = s.averageEvery() == 1 ? step(plan, positions) : round(plan, steps, positions);
          if (sum.totalCount() != count) {
            throw new IllegalStateException("batch " + (b + 1) + " of epoch " + epoch + " has " + count
                + " examples but the partitions found " + sum.totalCount() + ": the index column must number"
                + " the examples 0 to " + (data.size() - 1) + ", each once");
          }
          double loss = s.averageEvery() == 1 ? update(sum, epoch, b) : average(sum, steps, count);
          nanos += System.nanoTime() - t0;
          rounds++;
          rng = sum.rngStates();
          b += steps;
          step += steps;
          lossSum += loss * count;
          seen += count;
          for (StepListener l : s.listeners()) {
            l.onStep(step, epoch, loss);
          }
          if (s.checkpoints() != null && step / s.checkpointEvery() != (step - steps) / s.checkpointEvery()) {
            SparkCheckpoints.Position at = b < batches
                ? new SparkCheckpoints.Position(step, epoch, b, shuffleAtStart, rng)
                : new SparkCheckpoints.Position(step, epoch + 1, 0, order.state(), rng);
            s.checkpoints().save(at, model, optimizer, s.batchSize(), data.size());
          }
        }
      } finally {
        positions.destroy();
      }
      epochLoss.add(seen == 0 ? Double.NaN : lossSum / seen);
    }
    return new SparkHistory(List.copyOf(epochLoss), step, rounds, nanos, resumedAt);
  }

  /** Examples in batches {@code b} to {@code b + steps - 1} (an epoch's last batch may be short). */
  private int examples(int b, int steps) {
    long from = (long) b * s.batchSize();
    long to = Math.min((long) (b + steps) * s.batchSize(), data.size());
    return (int) (to - from);
  }

  /** One synchronous step's gradient, summed over the partitions. */
  private CanonicalSum step(StepPlan plan, Broadcast<int[]> positions) {
    Broadcast<float[]> params = jsc.broadcast(model.parameters().clone());
    ModelFactory factory = models;
    try {
      JavaRDD<Contribution> parts =
          data.shards().map(sh -> sh.gradient(plan, positions.value(), params.value(), factory));
      return aggregate(parts);
    } finally {
      params.destroy();
    }
  }

  /** The optimizer step from the summed gradient; returns the batch's mean loss. */
  private double update(CanonicalSum sum, int epoch, int b) {
    float[] g = sum.vector();
    double loss = sum.scalar();
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException("loss is " + loss + " at batch " + (b + 1) + " of epoch " + epoch
          + "; lower the learning rate or check the data");
    }
    for (int i = 0; i < g.length; i++) {
      if (!Float.isFinite(g[i])) {
        throw new IllegalStateException("gradient of parameter float " + i + " is " + g[i] + " at batch "
            + (b + 1) + " of epoch " + epoch);
      }
    }
    optimizer.step(model.parameters(), g);
    return loss;
  }

  /** One averaging round: every partition trains locally for {@code steps} batches. */
  private CanonicalSum round(StepPlan first, int steps, Broadcast<int[]> positions) {
    Broadcast<float[]> params = jsc.broadcast(model.parameters().clone());
    Broadcast<SavedOptimizerState> state = jsc.broadcast(SavedOptimizerState.of(optimizer.exportState()));
    RoundPlan plan = new RoundPlan(first, steps, optimizer.learningRate());
    ModelFactory factory = models;
    OptimizerFactory opt = optimizers;
    try {
      JavaRDD<Contribution> parts = data.shards().map(
          sh -> sh.localRound(plan, positions.value(), params.value(), state.value(), factory, opt));
      return aggregate(parts);
    } finally {
      params.destroy();
      state.destroy();
    }
  }

  /** The weighted average of the partitions' parameters and optimizer state; returns the mean loss. */
  private double average(CanonicalSum sum, int steps, int count) {
    float[] v = sum.vector();
    float[] p = model.parameters();
    int at = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = v[at++] / count;
    }
    OptimizerState before = optimizer.exportState();
    Map<String, float[]> buffers = new LinkedHashMap<>();
    String[] keys = sum.stateKeys();
    for (int k = 0; keys != null && k < keys.length; k++) {
      float[] buf = new float[sum.stateLengths()[k]];
      for (int i = 0; i < buf.length; i++) {
        buf[i] = v[at++] / count;
      }
      buffers.put(keys[k], buf);
    }
    optimizer.importState(new OptimizerState(before.name(), before.steps() + steps, before.learningRate(), buffers));
    optimizer.setLearningRate(before.learningRate());
    double loss = sum.scalar() / count;
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException("loss is " + loss + " after averaging; lower the learning rate");
    }
    return loss;
  }

  private CanonicalSum aggregate(JavaRDD<Contribution> parts) {
    int n = data.partitions();
    return parts.treeAggregate(new CanonicalSum(n), CanonicalSum::add, CanonicalSum::merge, s.treeDepth());
  }

  /**
   * Each partition's first dropout generator state: partition 0 starts where the local trainer's
   * workspace does, so a one-partition run repeats it bitwise.
   */
  static long[] initialDropoutStates(long seed, int partitions) {
    long[] states = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      states[p] = new Rng(Trainer.dropoutSeed(seed) ^ (p * PARTITION_STREAM)).state();
    }
    return states;
  }
}
