package dev.netc.spark;

import java.io.Serializable;

/**
 * What one partition sends back from a step or round.
 *
 * @param partition the partition's index
 * @param vector the partition's weighted vector (gradient or parameters and optimizer state), or
 *     null when the partition had no example in the step (it counts as zeros)
 * @param scalar the partition's weighted loss
 * @param count the examples it computed with
 * @param rngState its dropout generator's state afterwards
 * @param stateKeys in averaging rounds, the names of the optimizer buffers after the parameters in
 *     {@code vector} (null otherwise)
 * @param stateLengths their lengths
 */
record Contribution(int partition, float[] vector, double scalar, int count, long rngState,
    String[] stateKeys, int[] stateLengths) implements Serializable {

  /** A synchronous step's contribution: a gradient, no optimizer state. */
  static Contribution gradient(int partition, float[] gradient, double loss, int count, long rngState) {
    return new Contribution(partition, gradient, loss, count, rngState, null, null);
  }
}
