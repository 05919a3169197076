package dev.netc.runtime.optim;

/**
 * Updates a flat parameter buffer from the gradient of the loss, in place.
 *
 * <p>Optimizers work on the whole flat buffer at once because that is how generated models store
 * their parameters: one loop over one array, no per-layer bookkeeping. A {@link ParameterMask}
 * splits the loop into segments so frozen tensors and batch-norm statistics are skipped and weight
 * decay spares biases. State (momentum, moment estimates) is allocated on the first {@link #step}
 * and sized to the parameters, so an optimizer can be built before the model it will train and a
 * step never allocates afterwards.
 *
 * <p>Not thread-safe: one optimizer per training run.
 */
public interface Optimizer {

  /**
   * Applies one update: {@code params} moves against {@code grads}. Both arrays must have the same
   * length, and the same length on every call until {@link #reset()}. {@code grads} is not
   * modified.
   * @param params the parameters, updated in place
   * @param grads the gradient
   */
  void step(float[] params, float[] grads);

  /**
   * The current learning rate.
   * @return the learning rate
   */
  double learningRate();

  /**
   * Changes the learning rate from the next step on (learning-rate schedules use this).
   * @param learningRate the new learning rate
   */
  void setLearningRate(double learningRate);

  /**
   * A short description with every hyper-parameter, e.g. {@code "sgd(lr=0.01, momentum=0.9)"}.
   * @return the description
   */
  String describe();

  /** Forgets all state (momentum, moments, step count), as if no step had been taken. */
  void reset();

  /**
   * Restricts updates and weight decay to the mask's segments. Without a mask every float is
   * trained and decayed (PyTorch's behaviour for one parameter group). The trainer sets {@link
   * ParameterMask#of} the model unless told otherwise.
   * @param mask the segments to train and decay
   */
  default void setMask(ParameterMask mask) {
    throw new UnsupportedOperationException(describe() + " does not support parameter masks");
  }

  /**
   * A copy of the state for saving; restoring it with {@link #importState} continues bitwise.
   * @return the state
   */
  default OptimizerState exportState() {
    throw new UnsupportedOperationException(describe() + " cannot export its state");
  }

  /**
   * Replaces the state with a copy of one from {@link #exportState}.
   * @param state a state {@link #exportState} returned
   */
  default void importState(OptimizerState state) {
    throw new UnsupportedOperationException(describe() + " cannot import state");
  }
}
