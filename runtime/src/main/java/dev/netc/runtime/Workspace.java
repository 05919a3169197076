package dev.netc.runtime;

/**
 * Scratch memory for one thread: activation buffers sized for {@code maxBatch} examples, the
 * gradient buffer and a generator for dropout. Generated code indexes {@link #buffers} by the
 * constants it declares; nothing is allocated per step.
 */
public final class Workspace {
  /** Activation and gradient buffers; buffer {@code i} holds {@code maxBatch * sizes[i]} floats. */
  public final float[][] buffers;

  private final int maxBatch;
  private final float[] gradients;
  private final float[] inputGradient;
  private final Rng rng;
  /** The helpers of batch-parallel inference passes on this workspace, made on the first one. */
  BatchSplit batchSplit;

  /**
   * @param perExampleSizes floats per example of each buffer
   * @param parameterCount size of the gradient buffer
   * @param inputSize floats per input example (for the input gradient)
   * @param maxBatch largest batch this workspace serves
   * @param seed seed of the dropout generator
   */
  public Workspace(int[] perExampleSizes, int parameterCount, int inputSize, int maxBatch, long seed) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    this.maxBatch = maxBatch;
    this.buffers = new float[perExampleSizes.length][];
    for (int i = 0; i < perExampleSizes.length; i++) {
      buffers[i] = new float[Math.multiplyExact(perExampleSizes[i], maxBatch)];
    }
    this.gradients = new float[parameterCount];
    this.inputGradient = new float[Math.multiplyExact(inputSize, maxBatch)];
    this.rng = new Rng(seed);
  }

  /** {@return the largest batch this workspace holds} */
  public int maxBatch() {
    return maxBatch;
  }

  /**
   * Gradient of the last {@link Model#computeGradients} call, laid out like the parameters.
   * @return the gradient buffer
   */
  public float[] gradients() {
    return gradients;
  }

  /**
   * Gradient with respect to the input of the last call that asked for it.
   * @return the input gradient buffer
   */
  public float[] inputGradient() {
    return inputGradient;
  }

  /**
   * Generator for dropout masks.
   * @return the generator
   */
  public Rng rng() {
    return rng;
  }

  /**
   * Fails clearly when a batch does not fit.
   * @param batch the batch size to check
   */
  public void checkBatch(int batch) {
    if (batch < 1 || batch > maxBatch) {
      throw new IllegalArgumentException(
          "batch of " + batch + " does not fit a workspace for at most " + maxBatch + " examples");
    }
  }
}
