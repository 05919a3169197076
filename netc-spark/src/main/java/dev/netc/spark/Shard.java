package dev.netc.spark;

import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.OptimizerState;
import dev.netc.runtime.optim.ParameterMask;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * One partition's training examples, packed into two float arrays once and cached by Spark as a
 * single object, with the model instance, workspace and batch buffers the partition computes with
 * (built on its first step, reused by every later one: nothing is allocated per example or step
 * but the vector sent back).
 *
 * <p>Every example carries its index in the whole data set. A step's global batch is positions
 * {@code [b * B, b * B + count)} of the epoch's order, which the driver draws as the local {@code
 * Trainer} does; the shard's share is its examples at those positions, in position order, so with
 * one partition the share is the local trainer's batch, example for example.
 *
 * <p>A task may run twice (a retry, or a recomputation after the cached block was lost): every
 * input of a step (parameters, order, dropout generator state) comes from the driver, so a rerun
 * computes the same contribution.
 */
final class Shard implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int partition;
  private final int size;
  private final int inputSize;
  private final int targetSize;
  private final float[] x;
  private final float[] y;
  private final long[] ids;

  // the epoch's positions of this shard's examples, sorted, and the examples in that order
  private transient int epoch = -1;
  private transient int[] positions;
  private transient int[] byPosition;
  // what the partition computes with, built on first use
  private transient Model model;
  private transient Workspace ws;
  private transient float[] bx;
  private transient float[] by;

  private Shard(int partition, int size, int inputSize, int targetSize, float[] x, float[] y, long[] ids) {
    this.partition = partition;
    this.size = size;
    this.inputSize = inputSize;
    this.targetSize = targetSize;
    this.x = x;
    this.y = y;
    this.ids = ids;
  }

  /**
   * Packs one partition's rows, each with its example index, into a shard.
   *
   * @param rows the partition's rows and their indices
   * @param cols where the input and target columns are, and their names
   */
  static Shard pack(int partition, Iterator<Tuple2<Long, Row>> rows, TrainingColumns cols, int inputSize,
      int targetSize) {
    int capacity = 1024;
    float[] x = new float[capacity * inputSize];
    float[] y = new float[capacity * targetSize];
    long[] ids = new long[capacity];
    int n = 0;
    while (rows.hasNext()) {
      Tuple2<Long, Row> indexed = rows.next();
      Row r = indexed._2();
      if (n == capacity) {
        capacity = Math.multiplyExact(capacity, 2);
        x = Arrays.copyOf(x, Math.multiplyExact(capacity, inputSize));
        y = Arrays.copyOf(y, Math.multiplyExact(capacity, targetSize));
        ids = Arrays.copyOf(ids, capacity);
      }
      ids[n] = indexed._1();
      RowValues.readArray(r, cols.features(), x, n * inputSize, inputSize, cols.featuresName());
      RowValues.readTarget(r, cols.target(), y, n * targetSize, targetSize, cols.targetName());
      n++;
    }
    return new Shard(partition, n, inputSize, targetSize, Arrays.copyOf(x, n * inputSize),
        Arrays.copyOf(y, n * targetSize), Arrays.copyOf(ids, n));
  }

  /** Examples held. */
  int size() {
    return size;
  }

  /** The partition this shard was packed from. */
  int partition() {
    return partition;
  }

  /**
   * Sorts this shard's examples by their position in epoch {@code e}'s order ({@code positionOf}
   * maps an example index to its position); done once per epoch.
   */
  private void prepare(int e, int[] positionOf) {
    if (epoch == e) {
      return;
    }
    long[] keyed = new long[size];
    for (int i = 0; i < size; i++) {
      long id = ids[i];
      if (id < 0 || id >= positionOf.length) {
        throw new IllegalArgumentException("example index " + id + " is outside [0, " + positionOf.length
            + "): the index column must number the examples 0 to count - 1");
      }
      keyed[i] = ((long) positionOf[(int) id] << 32) | i;
    }
    Arrays.sort(keyed);
    positions = new int[size];
    byPosition = new int[size];
    for (int i = 0; i < size; i++) {
      positions[i] = (int) (keyed[i] >>> 32);
      byPosition[i] = (int) keyed[i];
    }
    epoch = e;
  }

  /** The first index in {@link #positions} at or after {@code position}. */
  private int lowerBound(int position) {
    int i = Arrays.binarySearch(positions, position);
    return i >= 0 ? i : -i - 1;
  }

  /** Builds the model, workspace and batch buffers on first use, for batches up to {@code batch}. */
  private void ensureModel(ModelFactory factory, int batch) {
    if (model == null) {
      model = factory.create();
      if (model.inputSize() != inputSize || model.targetSize() != targetSize) {
        throw new IllegalStateException("the factory's model takes " + model.inputSize() + " inputs and "
            + model.targetSize() + " targets, the shard holds " + inputSize + " and " + targetSize);
      }
    }
    if (ws == null || bx.length < batch * inputSize) {
      ws = model.newWorkspace(Math.max(1, batch), 0);
      bx = new float[Math.max(1, batch) * inputSize];
      by = new float[Math.max(1, batch) * targetSize];
    }
  }

  /** Copies this shard's share of batch {@code b} into the batch buffers; returns its size. */
  private int gather(int b, int batchSize) {
    int from = lowerBound(b * batchSize);
    int to = lowerBound(b * batchSize + batchSize);
    for (int k = from; k < to; k++) {
      int i = byPosition[k];
      System.arraycopy(x, i * inputSize, bx, (k - from) * inputSize, inputSize);
      System.arraycopy(y, i * targetSize, by, (k - from) * targetSize, targetSize);
    }
    return to - from;
  }

  /**
   * The synchronous step: the gradient of the mean loss over this shard's share of the global
   * batch, weighted by the share's part of the batch ({@code n / count}), so that the partitions'
   * sum is the gradient of the global batch's mean loss.
   */
  Contribution gradient(StepPlan plan, int[] positionOf, float[] params, ModelFactory factory) {
    prepare(plan.epoch(), positionOf);
    long rng = plan.rngStates()[partition];
    ensureModel(factory, Math.min(plan.batchSize(), size));
    int n = gather(plan.batch(), plan.batchSize());
    if (n == 0) {
      return Contribution.gradient(partition, null, 0, 0, rng);
    }
    System.arraycopy(params, 0, model.parameters(), 0, params.length);
    ModelFactory.parametersCopied(model);
    ws.rng().setState(rng);
    double loss = model.computeGradients(ws, bx, by, n, false);
    float[] g = ws.gradients().clone();
    if (n != plan.count()) {
      float w = (float) ((double) n / plan.count());
      for (int i = 0; i < g.length; i++) {
        g[i] *= w;
      }
    }
    return Contribution.gradient(partition, g, loss * n / plan.count(), n, ws.rng().state());
  }

  /**
   * Local SGD: {@code plan.steps()} optimizer steps on this shard's shares of consecutive global
   * batches, from the driver's parameters and optimizer state. Sends back the parameters and the
   * optimizer's buffers, multiplied by the examples used, for a weighted average.
   */
  Contribution localRound(RoundPlan plan, int[] positionOf, float[] params, SavedOptimizerState state,
      ModelFactory factory, OptimizerFactory optimizers) {
    StepPlan first = plan.first();
    prepare(first.epoch(), positionOf);
    ensureModel(factory, Math.min(first.batchSize(), size));
    float[] p = model.parameters();
    System.arraycopy(params, 0, p, 0, params.length);
    ModelFactory.parametersCopied(model);
    Optimizer optimizer = optimizers.create();
    try {
      optimizer.setMask(ParameterMask.of(model));
    } catch (UnsupportedOperationException e) {
      // an optimizer without masks trains every float, as the local Trainer then does
    }
    if (state != null) {
      optimizer.importState(state.toState());
    }
    optimizer.setLearningRate(plan.learningRate());
    ws.rng().setState(first.rngStates()[partition]);
    int used = 0;
    double lossSum = 0;
    for (int s = 0; s < plan.steps(); s++) {
      int n = gather(first.batch() + s, first.batchSize());
      if (n > 0) {
        lossSum += model.computeGradients(ws, bx, by, n, false) * n;
        optimizer.step(p, ws.gradients());
        used += n;
      }
    }
    if (used == 0) {
      return new Contribution(partition, null, 0, 0, ws.rng().state(), null, null);
    }
    OptimizerState after = optimizer.exportState();
    String[] keys = after.buffers().keySet().toArray(new String[0]);
    int[] lengths = new int[keys.length];
    int total = p.length;
    for (int k = 0; k < keys.length; k++) {
      lengths[k] = after.buffers().get(keys[k]).length;
      total = Math.addExact(total, lengths[k]);
    }
    float[] v = new float[total];
    int at = 0;
    for (int i = 0; i < p.length; i++) {
      v[at++] = p[i] * used;
    }
    for (Map.Entry<String, float[]> e : after.buffers().entrySet()) {
      for (float f : e.getValue()) {
        v[at++] = f * used;
      }
    }
    return new Contribution(partition, v, lossSum, used, ws.rng().state(), keys, lengths);
  }
}
