package dev.netc.spark;

import java.io.Serializable;

/**
 * What every partition needs to know about one step besides the parameters and the order.
 *
 * @param epoch the epoch, from 1
 * @param batch the batch's index in the epoch, from 0
 * @param batchSize the global batch size B (the batch covers positions {@code [batch * B, batch * B
 *     + count)} of the epoch's order)
 * @param count the batch's examples (B, or fewer for an epoch's last batch)
 * @param rngStates each partition's dropout generator state before the step
 */
record StepPlan(int epoch, int batch, int batchSize, int count, long[] rngStates) implements Serializable {}
