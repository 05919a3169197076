package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.data.BatchAugmentation;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.kernels.Team;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.ParameterMask;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings for a {@link Trainer}, from {@link Trainer#builder(Model)}; anything left unset comes from
 * the network's declared optimizer and training block or the defaults. Its own file so that
 * Trainer reads as the training loop's entry point.
 */
public final class TrainerBuilder {
  final Model model;
  Optimizer optimizer;
  int epochs;
  int batchSize;
  Long seed;
  double validationSplit;
  Dataset validationData;
  Consumer<String> log;
  final List<EpochListener> listeners = new ArrayList<>();
  final List<String> frozen = new ArrayList<>();
  ParameterMask mask;
  Regularizer regularizer = Regularizer.NONE;
  LrSchedule schedule;
  int topK;
  int threads = 1;
  BatchAugmentation augmentation;
  PrintStream progressOut;
  boolean interactive;

  TrainerBuilder(Model model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Replaces the network's declared optimizer.
   * @param optimizer the optimizer to use
   * @return this builder
   */
  public TrainerBuilder optimizer(Optimizer optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    return this;
  }

  /**
   * Epochs a {@link Trainer#fit} runs unless stopped; replaces the network's declared count.
   *
   * @param epochs the number of epochs, at least 1
   * @return this builder
   */
  public TrainerBuilder epochs(int epochs) {
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
  public TrainerBuilder batchSize(int batchSize) {
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
  public TrainerBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Holds out this fraction of the training data (chosen by a seeded shuffle) for validation;
   * 0 turns it off. Exclusive with {@link #validationData}.
   * @param fraction the held-out fraction, in [0, 1)
   * @return this builder
   */
  public TrainerBuilder validationSplit(double fraction) {
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
  public TrainerBuilder validationData(Dataset data) {
    this.validationData = data;
    return this;
  }

  /**
   * Prints one line per epoch to {@code out}.
   * @param out where the lines go
   * @return this builder
   */
  public TrainerBuilder log(PrintStream out) {
    Objects.requireNonNull(out, "out");
    this.log = out::println;
    return this;
  }

  /**
   * Hands one line per epoch to {@code sink}.
   * @param sink receives each line
   * @return this builder
   */
  public TrainerBuilder log(Consumer<String> sink) {
    this.log = Objects.requireNonNull(sink, "sink");
    return this;
  }

  /**
   * Adds a listener called after every epoch, in the order added.
   * @param listener the listener
   * @return this builder
   */
  public TrainerBuilder listener(EpochListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Full-batch training: the whole training set is one batch (gradient descent, "GD").
   * @return this builder
   */
  public TrainerBuilder fullBatch() {
    this.batchSize = Integer.MAX_VALUE;
    return this;
  }

  /**
   * Freezes every tensor of these layers (by {@link ParameterInfo#layer()}): never updated.
   * @param layers the layer names
   * @return this builder
   */
  public TrainerBuilder freeze(String... layers) {
    frozen.addAll(List.of(layers));
    return this;
  }

  /**
   * Replaces the default mask ({@link ParameterMask#of(Model)}), e.g. to decay every tensor.
   * @param mask the mask to use
   * @return this builder
   */
  public TrainerBuilder mask(ParameterMask mask) {
    this.mask = Objects.requireNonNull(mask, "mask");
    return this;
  }

  /**
   * L1/L2 penalties, gradient clipping and max-norm constraints.
   * @param regularizer the penalties and constraints
   * @return this builder
   */
  public TrainerBuilder regularizer(Regularizer regularizer) {
    this.regularizer = Objects.requireNonNull(regularizer, "regularizer");
    return this;
  }

  /**
   * Sets the learning rate before every step from the base rate.
   * @param schedule the learning-rate schedule
   * @return this builder
   */
  public TrainerBuilder schedule(LrSchedule schedule) {
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
  public TrainerBuilder threads(int threads) {
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
  public TrainerBuilder topK(int k) {
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
  public TrainerBuilder augmentation(BatchAugmentation augmentation) {
    this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
    return this;
  }

  /**
   * A progress display on {@code out}: one line redrawn with a carriage return (ETA, loss, metrics)
   * when {@link System#console()} exists, else one plain line per epoch (CI logs).
   * @param out where the display goes
   * @return this builder
   */
  public TrainerBuilder progress(PrintStream out) {
    return progress(out, System.console() != null);
  }

  /**
   * A progress display with the mode chosen explicitly.
   * @param out where the display goes
   * @param interactive true redraws one line, false prints a line per epoch
   * @return this builder
   */
  public TrainerBuilder progress(PrintStream out, boolean interactive) {
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
