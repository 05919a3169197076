package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.OptimizerSpec;
import dev.netc.runtime.TrainingSpec;
import dev.netc.runtime.data.BatchAugmentation;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.kernels.Team;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.optim.ParameterMask;
import java.util.List;
import java.util.Objects;

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
 * ParameterMask} (default {@link ParameterMask#of(Model)}, plus {@link TrainerBuilder#freeze}) keeps
 * frozen layers and batch-norm statistics unchanged and biases undecayed. Every epoch the order
 * is reset and reshuffled, so the generator states in {@link #trainingState()} are all a resumed
 * run needs ({@link #restore}).
 *
 * <p>The loop is thin, as in DJL's {@code EasyTrain.fit}: each batch is one step, and everything
 * else listens. The history, the epoch log ({@link TrainerBuilder#log}) and the progress display are
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

  Trainer(TrainerBuilder b) {
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

  /** Mixed into the seed for the dropout stream, so it differs from the shuffle stream. */
  private static final long DROPOUT_STREAM = 0x5DEECE66DL;

  /**
   * The seed of the workspace generator that dropout draws from in a run seeded {@code seed} (the
   * shuffle generator starts from {@code seed} itself). A distributed trainer seeds one worker's
   * workspace with it, so that a run on one worker repeats this trainer's run bitwise.
   *
   * @param seed the run's seed ({@link #seed()})
   * @return the dropout generator's seed
   */
  public static long dropoutSeed(long seed) {
    return seed ^ DROPOUT_STREAM;
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
  public static TrainerBuilder builder(Model model) {
    return new TrainerBuilder(model);
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
   * the same parameters as an uninterrupted run. {@link #fit} then throws an {@code
   * IllegalArgumentException} whose message starts with "optimizer state" when the state is another
   * optimizer's or lacks a buffer this trainer's optimizer needs.
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
   * Hands a line to the epoch log ({@link TrainerBuilder#log}), so that listeners such as {@link
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

}
