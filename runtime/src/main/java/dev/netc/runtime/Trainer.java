package dev.netc.runtime;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * first, which is what makes fine-tuning and resuming possible.
 */
public final class Trainer {
  /** Used when the network does not declare them. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  public static final int DEFAULT_EPOCHS = 10;
  public static final long DEFAULT_SEED = 42;

  /** Mixed into the seed for the dropout stream, so it differs from the shuffle stream. */
  private static final long DROPOUT_STREAM = 0x5DEECE66DL;

  private final Model model;
  private final Optimizer optimizer;
  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final double validationSplit;
  private final Dataset validationData;
  private final Consumer<String> log;
  private final List<EpochListener> listeners;
  private volatile boolean stopRequested;
  private History history;

  private Trainer(Builder b) {
    this.model = b.model;
    TrainingSpec spec = b.model.trainingSpec() == null ? TrainingSpec.DEFAULTS : b.model.trainingSpec();
    this.optimizer = b.optimizer != null ? b.optimizer : defaultOptimizer(b.model);
    this.epochs = b.epochs > 0 ? b.epochs : spec.epochs() > 0 ? spec.epochs() : DEFAULT_EPOCHS;
    this.batchSize =
        b.batchSize > 0 ? b.batchSize : spec.batchSize() > 0 ? spec.batchSize() : DEFAULT_BATCH_SIZE;
    this.seed = b.seed != null ? b.seed : spec.seedDeclared() ? spec.seed() : DEFAULT_SEED;
    this.validationSplit = b.validationSplit;
    this.validationData = b.validationData;
    this.log = b.log;
    this.listeners = List.copyOf(b.listeners);
  }

  private static Optimizer defaultOptimizer(Model model) {
    OptimizerSpec spec = model.optimizerSpec();
    return spec == null ? Optimizers.sgd(0.01) : Optimizers.create(spec);
  }

  /** A builder whose defaults come from {@code model}'s declared optimizer and training block. */
  public static Builder builder(Model model) {
    return new Builder(model);
  }

  public Model model() {
    return model;
  }

  /** The optimizer; its state carries over between {@link #fit} calls. */
  public Optimizer optimizer() {
    return optimizer;
  }

  public int epochs() {
    return epochs;
  }

  public int batchSize() {
    return batchSize;
  }

  public long seed() {
    return seed;
  }

  /** The history of the current or last {@link #fit}, or null before the first. */
  public History history() {
    return history;
  }

  /** Asks {@link #fit} to return after the current epoch (early stopping uses this). */
  public void stop() {
    stopRequested = true;
  }

  /**
   * Trains for the configured number of epochs (or until {@link #stop()}) and returns the metrics
   * per epoch. Every call restarts the shuffle and dropout streams from the seed; the optimizer
   * keeps its state (call {@code optimizer().reset()} for a fresh start).
   *
   * @throws NonFiniteLossException when a batch loss is NaN or infinite
   */
  public History fit(Dataset train) {
    checkData(train, "training data");
    Dataset trainSet = train;
    Dataset validation = validationData;
    if (validationSplit > 0) {
      Dataset.Split split = train.split(validationSplit, seed);
      trainSet = split.train();
      validation = split.validation();
    }
    if (trainSet.size() == 0) {
      throw new IllegalArgumentException(
          validationSplit > 0
              ? "no training examples left after a validation split of " + validationSplit
                  + " of " + train.size()
              : "no training examples");
    }
    if (validation != null) {
      checkData(validation, "validation data");
      if (validation.size() == 0) {
        validation = null;
      }
    }
    final int n = trainSet.size();
    final int maxBatch =
        Math.min(batchSize, Math.max(n, validation == null ? 0 : validation.size()));
    final Workspace ws = model.newWorkspace(maxBatch, seed ^ DROPOUT_STREAM);
    final Rng shuffle = new Rng(seed);
    final int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    final float[] x = new float[maxBatch * model.inputSize()];
    final float[] y = new float[maxBatch * model.targetSize()];
    final float[] out = new float[maxBatch * model.outputSize()];
    final float[] params = model.parameters();
    final LossKind loss = model.loss();
    final boolean accuracy = Accuracy.applies(loss);
    final int batches = (n + batchSize - 1) / batchSize;
    final int epochWidth = Integer.toString(epochs).length();

    stopRequested = false;
    history = new History();
    for (int epoch = 1; epoch <= epochs && !stopRequested; epoch++) {
      long start = System.nanoTime();
      shuffle.shuffle(order);
      double lossSum = 0;
      double correct = 0;
      boolean haveAccuracy = accuracy;
      for (int b = 0; b < batches; b++) {
        int from = b * batchSize;
        int count = Math.min(batchSize, n - from);
        trainSet.copyBatch(order, from, count, x, y);
        double batchLoss = model.computeGradients(ws, x, y, count, false);
        if (!Double.isFinite(batchLoss)) {
          throw new NonFiniteLossException(epoch, b + 1, batches, batchLoss);
        }
        if (haveAccuracy) {
          float[] output = model.lastOutput(ws);
          if (output == null) {
            haveAccuracy = false;
          } else {
            correct +=
                Accuracy.sum(loss, output, y, count, model.outputSize(), model.targetSize());
          }
        }
        optimizer.step(params, ws.gradients());
        lossSum += batchLoss * count;
      }
      Evaluation val =
          validation == null ? null : evaluate(model, validation, ws, x, y, out, batchSize);
      History.Epoch e =
          new History.Epoch(
              epoch,
              lossSum / n,
              haveAccuracy ? correct / n : Double.NaN,
              val == null ? Double.NaN : val.loss(),
              val == null ? Double.NaN : val.accuracy(),
              (System.nanoTime() - start) / 1e9);
      history.add(e);
      if (log != null) {
        log.accept(format(e, epochs, epochWidth));
      }
      for (EpochListener l : listeners) {
        l.onEpochEnd(e, this);
      }
    }
    return history;
  }

  /** Evaluates with this trainer's batch size. */
  public Evaluation evaluate(Dataset data) {
    return evaluate(model, data, batchSize);
  }

  /**
   * Loss and accuracy of {@code model} on {@code data} in inference mode (no dropout, batch norm
   * running statistics), in batches of at most {@code batchSize}.
   */
  public static Evaluation evaluate(Model model, Dataset data, int batchSize) {
    Objects.requireNonNull(model, "model");
    checkData(model, data, "evaluation data");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (data.size() == 0) {
      return new Evaluation(Double.NaN, Double.NaN, 0);
    }
    int b = Math.min(batchSize, data.size());
    Workspace ws = model.newWorkspace(b);
    return evaluate(
        model,
        data,
        ws,
        new float[b * model.inputSize()],
        new float[b * model.targetSize()],
        new float[b * model.outputSize()],
        b);
  }

  private static Evaluation evaluate(
      Model model, Dataset data, Workspace ws, float[] x, float[] y, float[] out, int batchSize) {
    int n = data.size();
    LossKind loss = model.loss();
    boolean accuracy = Accuracy.applies(loss);
    double lossSum = 0;
    double correct = 0;
    for (int from = 0; from < n; from += batchSize) {
      int count = Math.min(batchSize, n - from);
      data.copyRange(from, count, x, y);
      lossSum += model.computeLoss(ws, x, y, count) * count;
      if (accuracy) {
        float[] output = model.lastOutput(ws);
        if (output == null) {
          model.forward(ws, x, out, count, false);
          output = out;
        }
        correct += Accuracy.sum(loss, output, y, count, model.outputSize(), model.targetSize());
      }
    }
    return new Evaluation(lossSum / n, accuracy ? correct / n : Double.NaN, n);
  }

  /** {@code epoch  3/10  loss 0.4123  acc 0.8521  val_loss 0.4410  val_acc 0.8433  (2.31 s)}. */
  static String format(History.Epoch e, int epochs, int width) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "epoch %" + width + "d/%d", e.epoch(), epochs));
    s.append(String.format(Locale.ROOT, "  loss %.4f", e.trainLoss()));
    if (!Double.isNaN(e.trainAccuracy())) {
      s.append(String.format(Locale.ROOT, "  acc %.4f", e.trainAccuracy()));
    }
    if (!Double.isNaN(e.validationLoss())) {
      s.append(String.format(Locale.ROOT, "  val_loss %.4f", e.validationLoss()));
    }
    if (!Double.isNaN(e.validationAccuracy())) {
      s.append(String.format(Locale.ROOT, "  val_acc %.4f", e.validationAccuracy()));
    }
    s.append(String.format(Locale.ROOT, "  (%.2f s)", e.seconds()));
    return s.toString();
  }

  private void checkData(Dataset data, String what) {
    checkData(model, data, what);
  }

  private static void checkData(Model model, Dataset data, String what) {
    Objects.requireNonNull(data, what);
    if (data.inputSize() != model.inputSize()) {
      throw new IllegalArgumentException(
          what + " has " + data.inputSize() + " floats per input, network " + model.name()
              + " expects " + model.inputSize());
    }
    if (data.targetSize() != model.targetSize()) {
      throw new IllegalArgumentException(
          what + " has " + data.targetSize() + " floats per target, network " + model.name()
              + " expects " + model.targetSize() + " for loss " + model.loss());
    }
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

    private Builder(Model model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** Replaces the network's declared optimizer. */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** Examples per mini-batch; the last batch of an epoch may be smaller. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Holds out this fraction of the training data (chosen by a seeded shuffle) for validation;
     * 0 turns it off. Exclusive with {@link #validationData}.
     */
    public Builder validationSplit(double fraction) {
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException(
            "validation split must be in [0, 1), got " + fraction);
      }
      this.validationSplit = fraction;
      return this;
    }

    /** Validates on this data after each epoch. Exclusive with {@link #validationSplit}. */
    public Builder validationData(Dataset data) {
      this.validationData = data;
      return this;
    }

    /** Prints one line per epoch to {@code out}. */
    public Builder log(PrintStream out) {
      Objects.requireNonNull(out, "out");
      this.log = out::println;
      return this;
    }

    /** Hands one line per epoch to {@code sink}. */
    public Builder log(Consumer<String> sink) {
      this.log = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** Adds a listener called after every epoch, in the order added. */
    public Builder listener(EpochListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Trainer build() {
      if (validationSplit > 0 && validationData != null) {
        throw new IllegalStateException(
            "set either validationSplit or validationData, not both");
      }
      return new Trainer(this);
    }
  }
}
