package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.OptimizerSpec;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.TrainingSpec;
import dev.netc.runtime.data.BatchAugmentation;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.kernels.Team;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.optim.ParameterMask;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Mini-batch training of a {@link Model}: seeded shuffling each epoch, forward and backward through
 * the generated code, an {@link Optimizer} step, then validation in inference mode.
 *
 * <p>Defaults come from the network itself (its declared optimizer and {@code training} block), so
 * {@code Trainer.builder(model).build().fit(data)} trains as the {@code .net} file says; every
 * setting can be overridden. Unset training values default to batch 32, 10 epochs, seed 42.
 *
 * <p>Reproducible: with the same seed, data, initial parameters and settings, two runs produce
 * bitwise identical parameters. The seed drives the shuffling, the validation split and the
 * workspace generator that dropout draws from. After the first step, a step allocates nothing.
 *
 * <p>The trainer does not initialize the model: call {@link Model#initialize} (or load a file)
 * first, which is what makes fine-tuning and resuming possible; a generated model whose
 * parameters were never set fails the first step instead of training from zeros.
 *
 * <p>One step: copy the shuffled batch, {@link BatchAugmentation augment} it, set the learning
 * rate from the {@link LrSchedule}, forward and backward, stop with a {@link
 * NonFiniteLossException} naming the first non-finite layer output or parameter gradient, add
 * {@link Regularizer} penalties and clip, {@link Optimizer#step}, apply max-norm. The {@link
 * ParameterMask} (default {@link ParameterMask#of(Model)}, plus {@link Builder#freeze}) keeps
 * frozen layers and batch-norm statistics unchanged and biases undecayed. Every epoch the order
 * is reset and reshuffled, so the generator states in {@link #trainingState()} are all a resumed
 * run needs ({@link #restore}).
 *
 * <p>The loop is thin, as in DJL's {@code EasyTrain.fit}: each batch is one step, and everything
 * else listens. The history, the epoch log ({@link Builder#log}) and the progress display are
 * {@link EpochListener}s called before the user's ({@link EarlyStopping}, {@link CsvLogger},
 * {@link dev.netc.runtime.io.Checkpoint} and lambdas); the running loss and accuracy are summed
 * by a per-batch listener after each update.
 */
public final class Trainer {
  /** Used when the network does not declare them. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Epochs when the network does not declare them. */
  public static final int DEFAULT_EPOCHS = 10;
  /** Seed when the network does not declare one. */
  public static final long DEFAULT_SEED = 42;

  private final Model model;
  private final Optimizer optimizer;
  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final ParameterMask mask;
  private final int threads;
  private final TrainingRun.Settings settings;
  private volatile boolean stopRequested;
  private double baseLearningRate;
  private TrainingState pending;
  private TrainingRun run;

  private Trainer(Builder b) {
    this.model = b.model;
    TrainingSpec spec = b.model.trainingSpec() == null ? TrainingSpec.DEFAULTS : b.model.trainingSpec();
    this.optimizer = b.optimizer != null ? b.optimizer : defaultOptimizer(b.model);
    this.epochs = b.epochs > 0 ? b.epochs : spec.epochs() > 0 ? spec.epochs() : DEFAULT_EPOCHS;
    this.batchSize =
        b.batchSize > 0 ? b.batchSize : spec.batchSize() > 0 ? spec.batchSize() : DEFAULT_BATCH_SIZE;
    this.seed = b.seed != null ? b.seed : spec.seedDeclared() ? spec.seed() : DEFAULT_SEED;
    ParameterMask m = b.mask != null ? b.mask : ParameterMask.of(b.model);
    this.mask = b.frozen.isEmpty() ? m : m.freeze(b.frozen);
    this.threads = b.threads;
    this.settings = new TrainingRun.Settings(b.validationSplit, b.validationData, b.log,
        List.copyOf(b.listeners), b.regularizer, b.schedule, b.topK, b.augmentation, b.progressOut,
        b.interactive);
    this.baseLearningRate = optimizer.learningRate();
    try {
      optimizer.setMask(mask);
    } catch (UnsupportedOperationException e) {
      if (!b.frozen.isEmpty() || b.mask != null) {
        throw e;
      }
    }
  }

  private static Optimizer defaultOptimizer(Model model) {
    OptimizerSpec spec = model.optimizerSpec();
    return spec == null ? Optimizers.sgd(0.01) : Optimizers.create(spec);
  }

  /**
   * A builder whose defaults come from {@code model}'s declared optimizer and training block.
   * @param model the model to train
   * @return a builder with the model's defaults
   */
  public static Builder builder(Model model) {
    return new Builder(model);
  }

  /**
   * The model this trainer updates.
   * @return the model
   */
  public Model model() {
    return model;
  }

  /**
   * The optimizer; its state carries over between {@link #fit} calls.
   * @return the optimizer
   */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * Epochs a {@link #fit} runs unless stopped.
   * @return the number of epochs
   */
  public int epochs() {
    return epochs;
  }

  /**
   * Examples per mini-batch.
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The seed of the shuffle, validation split, dropout and augmentation streams.
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The history of the current or last {@link #fit}, or null before the first.
   * @return the history, or null
   */
  public History history() {
    return run == null ? null : run.history();
  }

  /**
   * The parameter mask: frozen layers, non-trainable state and no-decay tensors.
   * @return the mask
   */
  public ParameterMask mask() {
    return mask;
  }

  /**
   * The rate schedules start from (the optimizer's rate when the trainer was built).
   * @return the base learning rate
   */
  public double baseLearningRate() {
    return baseLearningRate;
  }

  /**
   * Changes the base rate and the optimizer's current rate (reduce-on-plateau uses this).
   * @param lr the new base learning rate
   */
  public void setBaseLearningRate(double lr) {
    optimizer.setLearningRate(lr);
    baseLearningRate = lr;
  }

  /**
   * Epochs finished, counting those before a {@link #restore}.
   * @return the number of finished epochs
   */
  public int epochsDone() {
    return run == null ? 0 : run.epochsDone();
  }

  /**
   * The state that, saved with the parameters ({@link ModelFile#save(Model, java.nio.file.Path,
   * TrainingState)}), lets a later run continue bitwise. Valid during (from a listener) and after
   * {@link #fit}.
   * @return the state to save with the parameters
   */
  public TrainingState trainingState() {
    if (run == null) {
      throw new IllegalStateException("no training has run yet");
    }
    return run.state(optimizer, baseLearningRate);
  }

  /**
   * Makes the next {@link #fit} continue from {@code state}: it starts with epoch {@code
   * state.epoch() + 1} with the saved generator states, base rate and optimizer state. Load the
   * parameters first ({@link ModelFile#loadCheckpoint}). Same data, settings and listeners give
   * the same parameters as an uninterrupted run.
   * @param state the state saved with the parameters
   */
  public void restore(TrainingState state) {
    this.pending = Objects.requireNonNull(state, "state");
  }

  /** Asks {@link #fit} to return after the current epoch (early stopping uses this). */
  public void stop() {
    stopRequested = true;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  /**
   * Hands a line to the epoch log ({@link Builder#log}), so that listeners such as {@link
   * EarlyStopping} report where the epochs are reported; does nothing when the log is off.
   */
  void log(String line) {
    if (settings.log() != null) {
      settings.log().accept(line);
    }
  }

  /**
   * Trains for the configured number of epochs (or until {@link #stop()}) and returns the metrics
   * per epoch. Every call restarts the shuffle and dropout streams from the seed; the optimizer
   * keeps its state (call {@code optimizer().reset()} for a fresh start).
   *
   * @throws NonFiniteLossException when a batch loss is NaN or infinite
   * @param train the training data (a validation split is taken from it when configured)
   * @return the metrics of every epoch
   */
  public History fit(Dataset train) {
    // predictions from other threads would read half-updated weights: they fail clearly instead
    // (serve them from model.snapshot() while training)
    try (Model.TrainingSession session = model.beginTraining()) {
      if (threads < 2) {
        return fitInSession(train);
      }
      // the team shares this thread's matrix products and the optimizer's loop
      try (Team team = Team.start(threads)) {
        team.attach();
        return fitInSession(train);
      }
    }
  }

  /** A {@link TrainingRun} from the seed or, after {@link #restore}, from the saved state. */
  private History fitInSession(Dataset data) {
    TrainingState resume = pending;
    TrainingRun next = new TrainingRun(this, settings, data, resume);
    if (resume != null) {
      baseLearningRate = resume.baseLearningRate();
      if (resume.optimizer() != null) {
        optimizer.importState(resume.optimizer());
      }
      optimizer.setLearningRate(resume.optimizer() != null ? resume.optimizer().learningRate() : baseLearningRate);
      pending = null;
    }
    run = next;
    stopRequested = false;
    return run.run();
  }

  /**
   * Evaluates with this trainer's batch size.
   * @param data the examples to evaluate
   * @return the loss and accuracy
   */
  public Evaluation evaluate(Dataset data) {
    return evaluate(model, data, batchSize);
  }

  /**
   * Loss and accuracy of {@code model} on {@code data} in inference mode (no dropout, batch norm
   * running statistics), in batches of at most {@code batchSize}, with a {@link ConfusionMatrix}
   * for classification ({@link Evaluation#confusion()}, {@link Evaluation#report()}).
   *
   * @throws IllegalArgumentException when the data holds a NaN or infinity, naming the example
   * @param model the model to evaluate
   * @param data the examples to evaluate
   * @param batchSize the largest batch
   * @return the loss and accuracy
   */
  public static Evaluation evaluate(Model model, Dataset data, int batchSize) {
    Objects.requireNonNull(model, "model");
    TrainingData.check(model, data, "evaluation data");
    TrainingData.requireFinite(data, "evaluation data");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (data.size() == 0) {
      return new Evaluation(Double.NaN, Double.NaN, 0);
    }
    int b = Math.min(batchSize, data.size());
    return Evaluator.evaluate(model, data, model.newWorkspace(b), new float[b * model.inputSize()],
        new float[b * model.targetSize()], new float[b * model.outputSize()], b,
        ConfusionMatrix.forModel(model));
  }

  /** Settings for a {@link Trainer}; anything left unset comes from the network or the defaults. */
  public static final class Builder {
    private final Model model;
    private Optimizer optimizer;
    private int epochs;
    private int batchSize;
    private Long seed;
    private double validationSplit;
    private Dataset validationData;
    private Consumer<String> log;
    private final List<EpochListener> listeners = new ArrayList<>();
    private final List<String> frozen = new ArrayList<>();
    private ParameterMask mask;
    private Regularizer regularizer = Regularizer.NONE;
    private LrSchedule schedule;
    private int topK;
    private int threads = 1;
    private BatchAugmentation augmentation;
    private PrintStream progressOut;
    private boolean interactive;

    private Builder(Model model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Replaces the network's declared optimizer.
     * @param optimizer the optimizer to use
     * @return this builder
     */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    /**
     * Epochs a {@link Trainer#fit} runs unless stopped; replaces the network's declared count.
     *
     * @param epochs the number of epochs, at least 1
     * @return this builder
     */
    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /**
     * Examples per mini-batch; the last batch of an epoch may be smaller.
     * @param batchSize examples per batch, at least 1
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The seed of the shuffle, validation split, dropout and augmentation streams; replaces the
     * network's declared seed.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Holds out this fraction of the training data (chosen by a seeded shuffle) for validation;
     * 0 turns it off. Exclusive with {@link #validationData}.
     * @param fraction the held-out fraction, in [0, 1)
     * @return this builder
     */
    public Builder validationSplit(double fraction) {
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException(
            "validation split must be in [0, 1), got " + fraction);
      }
      this.validationSplit = fraction;
      return this;
    }

    /**
     * Validates on this data after each epoch. Exclusive with {@link #validationSplit}.
     * @param data the validation examples
     * @return this builder
     */
    public Builder validationData(Dataset data) {
      this.validationData = data;
      return this;
    }

    /**
     * Prints one line per epoch to {@code out}.
     * @param out where the lines go
     * @return this builder
     */
    public Builder log(PrintStream out) {
      Objects.requireNonNull(out, "out");
      this.log = out::println;
      return this;
    }

    /**
     * Hands one line per epoch to {@code sink}.
     * @param sink receives each line
     * @return this builder
     */
    public Builder log(Consumer<String> sink) {
      this.log = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Adds a listener called after every epoch, in the order added.
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(EpochListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Full-batch training: the whole training set is one batch (gradient descent, "GD").
     * @return this builder
     */
    public Builder fullBatch() {
      this.batchSize = Integer.MAX_VALUE;
      return this;
    }

    /**
     * Freezes every tensor of these layers (by {@link ParameterInfo#layer()}): never updated.
     * @param layers the layer names
     * @return this builder
     */
    public Builder freeze(String... layers) {
      frozen.addAll(List.of(layers));
      return this;
    }

    /**
     * Replaces the default mask ({@link ParameterMask#of(Model)}), e.g. to decay every tensor.
     * @param mask the mask to use
     * @return this builder
     */
    public Builder mask(ParameterMask mask) {
      this.mask = Objects.requireNonNull(mask, "mask");
      return this;
    }

    /**
     * L1/L2 penalties, gradient clipping and max-norm constraints.
     * @param regularizer the penalties and constraints
     * @return this builder
     */
    public Builder regularizer(Regularizer regularizer) {
      this.regularizer = Objects.requireNonNull(regularizer, "regularizer");
      return this;
    }

    /**
     * Sets the learning rate before every step from the base rate.
     * @param schedule the learning-rate schedule
     * @return this builder
     */
    public Builder schedule(LrSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /**
     * Trains on {@code threads} threads: a {@link Team} shares every large matrix product of the
     * forward and backward passes (each thread takes the same slice of a layer's weights in
     * every step, so it stays in that core's cache), the gradient check and the optimizer's
     * update. The batch is not split: dropout, batch norm and the loss see it whole. Results
     * are deterministic for a given seed and thread count; one and several threads differ by
     * rounding where a product's reduction is split. Default 1.
     * @param threads the number of threads, at least 1
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("threads must be between 1 and 64, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Also reports top-k accuracy (classification losses).
     * @param k how many of the highest-scoring classes count as a hit
     * @return this builder
     */
    public Builder topK(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("k must be at least 1, got " + k);
      }
      this.topK = k;
      return this;
    }

    /**
     * Augments every training batch (seeded by the trainer, saved in checkpoints).
     * @param augmentation the augmentation applied to each batch
     * @return this builder
     */
    public Builder augmentation(BatchAugmentation augmentation) {
      this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
      return this;
    }

    /**
     * A progress display on {@code out}: one line redrawn with a carriage return (ETA, loss, metrics)
     * when {@link System#console()} exists, else one plain line per epoch (CI logs).
     * @param out where the display goes
     * @return this builder
     */
    public Builder progress(PrintStream out) {
      return progress(out, System.console() != null);
    }

    /**
     * A progress display with the mode chosen explicitly.
     * @param out where the display goes
     * @param interactive true redraws one line, false prints a line per epoch
     * @return this builder
     */
    public Builder progress(PrintStream out, boolean interactive) {
      this.progressOut = Objects.requireNonNull(out, "out");
      this.interactive = interactive;
      return this;
    }

    /** {@return the trainer with these settings} */
    public Trainer build() {
      if (validationSplit > 0 && validationData != null) {
        throw new IllegalStateException(
            "set either validationSplit or validationData, not both");
      }
      return new Trainer(this);
    }
  }
}
