package dev.netc.runtime;

/**
 * Updates a flat parameter buffer from the gradient of the loss, in place.
 *
 * <p>Optimizers work on the whole flat buffer at once because that is how generated models store
 * their parameters: one loop over one array, no per-layer bookkeeping. State (momentum, moment
 * estimates) is allocated on the first {@link #step} and sized to the parameters, so an optimizer
 * can be built before the model it will train and a step never allocates afterwards.
 *
 * <p>Not thread-safe: one optimizer per training run.
 */
public interface Optimizer {

  /**
   * Applies one update: {@code params} moves against {@code grads}. Both arrays must have the same
   * length, and the same length on every call until {@link #reset()}. {@code grads} is not
   * modified.
   */
  void step(float[] params, float[] grads);

  /** The current learning rate. */
  double learningRate();

  /** Changes the learning rate from the next step on (learning-rate schedules use this). */
  void setLearningRate(double learningRate);

  /** A short description with every hyper-parameter, e.g. {@code "sgd(lr=0.01, momentum=0.9)"}. */
  String describe();

  /** Forgets all state (momentum, moments, step count), as if no step had been taken. */
  void reset();
}
