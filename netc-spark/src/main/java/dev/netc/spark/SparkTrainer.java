package dev.netc.spark;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Model;
import dev.netc.runtime.TrainingSpec;
import dev.netc.runtime.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a netc model on a Spark cluster, data parallel: the rows are packed once into one cached
 * shard per partition, and every global batch is split between the partitions that hold its
 * examples.
 *
 * <p>Synchronous (the default): each step, the driver broadcasts the parameters; every partition
 * computes the gradient of its share of the global batch with the generated {@code
 * computeGradients}, weighted by its share of the batch; {@code treeAggregate} sums the gradients
 * in a fixed order ({@link CanonicalSum}); the driver runs the optimizer step. This is the local
 * {@link Trainer}'s step on the same batch: with one partition bitwise, with several within float
 * rounding (the batch's mean gradient is summed in another order).
 *
 * <p>Parameter averaging ({@link Builder#averageEvery(int)} k above 1, DL4J's approach, also
 * called local SGD): each partition runs k optimizer steps on its shares of k consecutive global
 * batches from the driver's parameters and optimizer state, and the driver averages the
 * parameters and optimizer state, weighted by the examples each partition used. One round
 * instead of k, at the price of partitions drifting apart within a round.
 *
 * <p>The examples' order is the local trainer's (the same seed draws the same shuffle each epoch),
 * and every partition's dropout generator is kept by the driver, so a run is deterministic for a
 * given partitioning and seed: a task that fails and is rerun by Spark computes the same result,
 * and a driver restarted with {@link Builder#checkpoints} continues bitwise where it stopped.
 *
 * <p>The trainer does not initialize the model: initialize it (or load a file) on the driver first,
 * as with the local trainer. Not supported here: learning-rate schedules, regularizer penalties,
 * augmentation, validation splits and the local trainer's listeners (evaluate after training, or
 * on the driver from a {@link StepListener}).
 */
public final class SparkTrainer {
  private final SparkSession spark;
  private final ModelFactory models;
  private final OptimizerFactory optimizers;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final int partitions;
  private final int averageEvery;
  private final int treeDepth;
  private final Columns columns;
  private final String checkpointDir;
  private final int checkpointEvery;
  private final List<StepListener> listeners;
  /** What the factory makes, to check the model {@link #fit} is given against. */
  private final String modelDescription;

  /**
   * The columns training reads.
   *
   * @param features the network's input: {@code array<float>}, {@code array<double>} or a vector
   * @param target the target: as the input, or an {@code int} class label
   * @param index the example index ({@code long} or {@code int}, 0 to count - 1), which fixes the
   *     examples' order; when the data has no such column the rows are numbered as they come
   */
  public record Columns(String features, String target, String index) implements java.io.Serializable {
    /** Checks the names. */
    public Columns {
      Objects.requireNonNull(features, "features");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(index, "index");
    }
  }

  private SparkTrainer(Builder b) {
    this.spark = b.spark;
    this.models = b.models;
    Model probe = b.models.create();
    TrainingSpec spec = probe.trainingSpec() == null ? TrainingSpec.DEFAULTS : probe.trainingSpec();
    this.optimizers = b.optimizers != null ? b.optimizers : OptimizerFactory.declaredBy(probe);
    this.batchSize = b.batchSize > 0 ? b.batchSize
        : spec.batchSize() > 0 ? spec.batchSize() : Trainer.DEFAULT_BATCH_SIZE;
    this.epochs = b.epochs > 0 ? b.epochs : spec.epochs() > 0 ? spec.epochs() : Trainer.DEFAULT_EPOCHS;
    this.seed = b.seed != null ? b.seed : spec.seedDeclared() ? spec.seed() : Trainer.DEFAULT_SEED;
    this.partitions = b.partitions;
    this.averageEvery = b.averageEvery;
    this.treeDepth = b.treeDepth;
    this.columns = b.columns;
    this.checkpointDir = b.checkpointDir;
    this.checkpointEvery = b.checkpointEvery;
    this.listeners = List.copyOf(b.listeners);
    this.modelDescription = describe(probe);
  }

  /**
   * A builder whose defaults are the local trainer's: the network's declared optimizer, batch
   * size, epochs and seed.
   *
   * @param spark the session whose cluster trains
   * @param models makes the model instances (the same class as the model {@link #fit} trains)
   * @return the builder
   */
  public static Builder builder(SparkSession spark, ModelFactory models) {
    return new Builder(spark, models);
  }

  /** {@return the global batch size} */
  public int batchSize() {
    return batchSize;
  }

  /** {@return the epochs a fit runs} */
  public int epochs() {
    return epochs;
  }

  /** {@return the seed of the examples' order and the dropout generators} */
  public long seed() {
    return seed;
  }

  /**
   * Trains {@code model}'s parameters in place on {@code rows}.
   *
   * @param model the driver's model, initialized or loaded, of the factory's class
   * @param rows the training examples
   * @return what the run did
   */
  public SparkHistory fit(Model model, Dataset<Row> rows) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(rows, "rows");
    if (!describe(model).equals(modelDescription)) {
      throw new IllegalArgumentException("the trainer's factory makes " + modelDescription + ", but fit was given "
          + describe(model) + ": pass a model of the factory's class");
    }
    if (model instanceof GeneratedModel g && !g.parametersSet()) {
      throw new IllegalStateException(model.name() + "'s parameters were never set: call initialize(seed) or"
          + " load a model file before training (the trainer never initializes)");
    }
    ShardedData data = ShardedData.of(rows, model, columns, partitions);
    try {
      SparkCheckpoints checkpoints = checkpointDir == null ? null
          : new SparkCheckpoints(checkpointDir, spark.sparkContext().hadoopConfiguration());
      return new TrainingLoop(spark, data, model, models, optimizers.create(), optimizers,
          new TrainingLoop.Settings(Math.min(batchSize, data.size()), epochs, seed, averageEvery, treeDepth,
              checkpoints, checkpointEvery, listeners)).run();
    } finally {
      data.shards().unpersist(false);
    }
  }

  private static String describe(Model m) {
    return m.name() + " (" + m.parameterCount() + " parameters)";
  }

  /** Settings of a {@link SparkTrainer}; unset values come from the network's declaration. */
  public static final class Builder {
    private final SparkSession spark;
    private final ModelFactory models;
    private OptimizerFactory optimizers;
    private int batchSize;
    private int epochs;
    private Long seed;
    private int partitions;
    private int averageEvery = 1;
    private int treeDepth = 2;
    private Columns columns = new Columns("features", "label", "index");
    private String checkpointDir;
    private int checkpointEvery;
    private final List<StepListener> listeners = new ArrayList<>();

    private Builder(SparkSession spark, ModelFactory models) {
      this.spark = Objects.requireNonNull(spark, "spark");
      this.models = Objects.requireNonNull(models, "models");
    }

    /**
     * The optimizer (the driver's, and each partition's when averaging).
     * @param optimizers makes the optimizer
     * @return this builder
     */
    public Builder optimizer(OptimizerFactory optimizers) {
      this.optimizers = Objects.requireNonNull(optimizers, "optimizers");
      return this;
    }

    /**
     * The global batch size: examples per step over all partitions.
     * @param batchSize at least 1
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = positive(batchSize, "batch size");
      return this;
    }

    /**
     * Epochs to train.
     * @param epochs at least 1
     * @return this builder
     */
    public Builder epochs(int epochs) {
      this.epochs = positive(epochs, "epochs");
      return this;
    }

    /**
     * The seed of the examples' order and the dropout generators.
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Spreads the rows over this many partitions (by a hash of their index) before packing; by
     * default the data's own partitions are used.
     * @param partitions at least 1
     * @return this builder
     */
    public Builder partitions(int partitions) {
      this.partitions = positive(partitions, "partitions");
      return this;
    }

    /**
     * Parameter averaging every {@code k} global batches; 1 (the default) is synchronous training.
     * @param k at least 1
     * @return this builder
     */
    public Builder averageEvery(int k) {
      this.averageEvery = positive(k, "averaging interval");
      return this;
    }

    /**
     * The depth of {@code treeAggregate} (2 by default): above 1, executors sum partial results
     * before the driver, which then receives fewer vectors.
     * @param depth at least 1
     * @return this builder
     */
    public Builder treeDepth(int depth) {
      this.treeDepth = positive(depth, "tree depth");
      return this;
    }

    /**
     * The columns to read (by default {@code features}, {@code label} and {@code index}).
     * @param columns the column names
     * @return this builder
     */
    public Builder columns(Columns columns) {
      this.columns = Objects.requireNonNull(columns, "columns");
      return this;
    }

    /**
     * Checkpoints every {@code every} steps into {@code dir}, any Hadoop file system URI; a fit
     * that finds a checkpoint there resumes from it.
     * @param dir the checkpoint directory, such as {@code hdfs:///user/me/run1}
     * @param every the interval in steps, at least 1
     * @return this builder
     */
    public Builder checkpoints(String dir, int every) {
      this.checkpointDir = Objects.requireNonNull(dir, "dir");
      this.checkpointEvery = positive(every, "checkpoint interval");
      return this;
    }

    /**
     * Adds a listener called on the driver after every step or round.
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(StepListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** {@return the trainer} */
    public SparkTrainer build() {
      return new SparkTrainer(this);
    }

    private static int positive(int v, String what) {
      if (v < 1) {
        throw new IllegalArgumentException(what + " must be at least 1, got " + v);
      }
      return v;
    }
  }
}
