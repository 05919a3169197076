package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.Rng;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.BatchAugmentation;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.OptimizerState;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One {@link Trainer#fit}: the run's buffers, generators and listeners, and its loop. Everything
 * a step needs is allocated here, so the steps allocate nothing.
 */
final class TrainingRun {
  /** Mixed into the seed for the augmentation stream. */
  private static final long AUGMENT_STREAM = 0x2545F4914F6CDD1DL;

  /**
   * The trainer's settings a run reads besides its public ones.
   *
   * @param log epoch lines, or null
   * @param listeners the user's, in the order added
   * @param topK 0 for none
   * @param progressOut the progress display's stream, or null
   */
  record Settings(double validationSplit, Dataset validationData, Consumer<String> log,
      List<EpochListener> listeners, Regularizer regularizer, LrSchedule schedule, int topK,
      BatchAugmentation augmentation, PrintStream progressOut, boolean interactive) {}

  private final Trainer trainer;
  private final Workspace ws;
  private final EpochBatches order;
  private final TrainingStep step;
  private final TrainingMetrics metrics;
  private final BatchListener[] perBatch;
  private final List<EpochListener> perEpoch = new ArrayList<>();
  private final History history;
  private int epochsDone;

  /** Sets up a run of {@code trainer} on {@code data}, resuming from {@code resume} unless null. */
  TrainingRun(Trainer trainer, Settings s, Dataset data, TrainingState resume) {
    this.trainer = trainer;
    Model model = trainer.model();
    long seed = trainer.seed();
    TrainingData sets = TrainingData.of(model, data, s.validationSplit(), s.validationData(), seed);
    int bs = Math.min(trainer.batchSize(), sets.train().size());
    int maxBatch = sets.maxBatch(trainer.batchSize());
    this.ws = model.newWorkspace(maxBatch, Trainer.dropoutSeed(seed));
    this.order = new EpochBatches(sets.train(), bs, new Rng(seed), s.augmentation(), new Rng(seed ^ AUGMENT_STREAM));
    if (resume != null) {
      order.shuffleRng().setState(resume.shuffleRng());
      ws.rng().setState(resume.dropoutRng());
      order.augmentRng().setState(resume.augmentRng());
      this.epochsDone = resume.epoch();
    }
    this.step = new TrainingStep(model, ws, order, trainer.optimizer(), s.regularizer(), trainer.mask(),
        s.schedule(), maxBatch);
    this.metrics = new TrainingMetrics(model, ws, step, sets.validation(), bs, s.topK());
    Progress progress = s.progressOut() == null ? null
        : new Progress(s.progressOut(), s.interactive(), metrics, trainer.epochs(), order.count());
    this.perBatch = progress == null ? new BatchListener[] {metrics} : new BatchListener[] {metrics, progress};
    HistoryRecorder recorder = new HistoryRecorder();
    this.history = recorder.history();
    perEpoch.add(recorder);
    if (s.log() != null) {
      perEpoch.add(new EpochLog(s.log()));
    }
    if (progress != null) {
      perEpoch.add(progress);
    }
    perEpoch.addAll(s.listeners());
  }

  History history() {
    return history;
  }

  int epochsDone() {
    return epochsDone;
  }

  /**
   * The loop: every epoch a new order and one {@link TrainingStep} per batch, then the epoch's
   * metrics to the listeners (history, log, progress, then the user's), until the last epoch or
   * a {@link Trainer#stop}.
   */
  History run() {
    for (int epoch = epochsDone + 1; epoch <= trainer.epochs() && !trainer.stopRequested(); epoch++) {
      for (BatchListener l : perBatch) {
        l.onEpochStart(epoch);
      }
      order.shuffle();
      for (int b = 0; b < order.count(); b++) {
        double loss = step.run(epoch, b, trainer.baseLearningRate());
        for (BatchListener l : perBatch) {
          l.onBatchEnd(b, step.count(), loss);
        }
      }
      History.Epoch e = metrics.finish(epoch);
      epochsDone = epoch;
      for (EpochListener l : perEpoch) {
        l.onEpochEnd(e, trainer);
      }
    }
    for (EpochListener l : perEpoch) {
      l.onTrainEnd(history, trainer);
    }
    return history;
  }

  /** The generator states and optimizer state that let a later run continue bitwise. */
  TrainingState state(Optimizer optimizer, double baseLearningRate) {
    OptimizerState os;
    try {
      os = optimizer.exportState();
    } catch (UnsupportedOperationException e) {
      os = null;
    }
    return new TrainingState(epochsDone, order.shuffleRng().state(), ws.rng().state(),
        order.augmentRng().state(), baseLearningRate, os);
  }
}
