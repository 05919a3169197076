package dev.netc.runtime.train;

/**
 * A learning rate as a function of training progress, applied by the {@link Trainer} before every
 * step (so per-step warm-up works) from the trainer's base rate. Schedules are pure functions of
 * (epoch, step), so a resumed run gets the same rates as an uninterrupted one. Reduce-on-plateau
 * depends on the metrics instead and is an {@link EpochListener}: {@link ReduceLrOnPlateau}.
 * Factories use PyTorch's names and semantics ({@code torch.optim.lr_scheduler}).
 */
@FunctionalInterface
public interface LrSchedule {

  /**
   * @param base the base learning rate
   * @param epoch 0-based epoch
   * @param step 0-based optimizer step since the start of training
   * @return the learning rate for this step
   */
  double rate(double base, int epoch, long step);

  /**
   * StepLR: {@code base * gamma^(epoch / stepSize)}.
   * @param stepSize epochs per decay
   * @param gamma the factor per decay
   * @return the schedule
   */
  static LrSchedule step(int stepSize, double gamma) {
    if (stepSize < 1) {
      throw new IllegalArgumentException("step size must be at least 1, got " + stepSize);
    }
    return (base, epoch, step) -> base * Math.pow(gamma, epoch / stepSize);
  }

  /**
   * ExponentialLR: {@code base * gamma^epoch}.
   * @param gamma the factor per epoch
   * @return the schedule
   */
  static LrSchedule exponential(double gamma) {
    return (base, epoch, step) -> base * Math.pow(gamma, epoch);
  }

  /**
   * CosineAnnealingLR (closed form): {@code etaMin + (base - etaMin) * (1 + cos(pi * epoch /
   * tMax)) / 2}; after {@code tMax} epochs the cosine continues, as in PyTorch.
   * @param tMax epochs of the half cosine
   * @param etaMin the smallest rate
   * @return the schedule
   */
  static LrSchedule cosine(int tMax, double etaMin) {
    if (tMax < 1) {
      throw new IllegalArgumentException("T_max must be at least 1, got " + tMax);
    }
    return (base, epoch, step) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
  }

  /**
   * Constant {@code base}.
   * @return the schedule
   */
  static LrSchedule constant() {
    return (base, epoch, step) -> base;
  }

  /**
   * Linear warm-up over the first {@code warmupSteps} steps, {@code base * (step + 1) /
   * warmupSteps}, then {@code after}.
   * @param warmupSteps steps of the warm-up
   * @param after the schedule after the warm-up
   * @return the schedule
   */
  static LrSchedule warmup(long warmupSteps, LrSchedule after) {
    if (warmupSteps < 1) {
      throw new IllegalArgumentException("warm-up steps must be at least 1, got " + warmupSteps);
    }
    return (base, epoch, step) ->
        step < warmupSteps ? base * (step + 1) / warmupSteps : after.rate(base, epoch, step);
  }
}
