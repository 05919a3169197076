package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.ParameterMask;

/**
 * One optimization step, the calls of llm.c's training loop: the next batch, forward and backward
 * ({@link Model#computeGradients}; generated code clears the gradients before its backward pass
 * adds to them), a stop on a non-finite loss or gradient, and the update (penalties and clipping,
 * the optimizer, max-norm). Allocates nothing.
 */
final class TrainingStep {
  private final Model model;
  private final Workspace ws;
  private final EpochBatches batches;
  private final Optimizer optimizer;
  private final Regularizer regularizer;
  private final ParameterMask mask;
  private final LrSchedule schedule;
  private final float[] x;
  private final float[] y;
  private final float[] out;
  private final float[] params;
  private int count;

  TrainingStep(Model model, Workspace ws, EpochBatches batches, Optimizer optimizer,
      Regularizer regularizer, ParameterMask mask, LrSchedule schedule, int maxBatch) {
    this.model = model;
    this.ws = ws;
    this.batches = batches;
    this.optimizer = optimizer;
    this.regularizer = regularizer;
    this.mask = mask;
    this.schedule = schedule;
    this.x = new float[maxBatch * model.inputSize()];
    this.y = new float[maxBatch * model.targetSize()];
    this.out = new float[maxBatch * model.outputSize()];
    this.params = model.parameters();
  }

  /** Runs batch {@code b} of {@code epoch} and returns its mean loss. */
  double run(int epoch, int b, double baseRate) {
    count = batches.next(b, x, y);
    if (schedule != null) {
      optimizer.setLearningRate(schedule.rate(baseRate, epoch - 1, (long) (epoch - 1) * batches.count() + b));
    }
    long dropoutState = ws.rng().state();
    double loss = model.computeGradients(ws, x, y, count, false);
    checkFinite(epoch, b, loss, dropoutState);
    update();
    return loss;
  }

  /** Examples in the last batch run. */
  int count() {
    return count;
  }

  /** Inputs of the last batch; validation reuses the buffer after the epoch. */
  float[] inputs() {
    return x;
  }

  /** Targets of the last batch (metrics compare them with the model's output). */
  float[] targets() {
    return y;
  }

  /** Output buffer for the non-finite search and validation. */
  float[] outputs() {
    return out;
  }

  private void checkFinite(int epoch, int b, double loss, long dropoutState) {
    if (!Double.isFinite(loss)) {
      throw new NonFiniteLossException(epoch, b + 1, batches.count(), loss,
          NonFinite.locate(model, ws, x, out, count, dropoutState));
    }
    float[] grads = ws.gradients();
    if (!NonFinite.allFinite(grads)) {
      int at = NonFinite.firstNonFinite(grads);
      throw NonFiniteLossException.gradient(epoch, b + 1, batches.count(), loss,
          NonFinite.parameterAt(model, at), grads[at]);
    }
  }

  private void update() {
    float[] grads = ws.gradients();
    if (regularizer.active()) {
      regularizer.applyToGradients(params, grads, mask);
    }
    optimizer.step(params, grads);
    if (regularizer.maxNorm() != 0) {
      regularizer.constrain(params, mask);
    }
  }
}
