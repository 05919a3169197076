package dev.netc.spark;

import java.io.Serializable;

/**
 * A parameter-averaging round: {@code steps} consecutive global batches of one epoch, starting at
 * {@code first}, each partition training locally on its shares.
 *
 * @param first the round's first step
 * @param steps the batches in the round
 * @param learningRate the optimizer's rate for the round
 */
record RoundPlan(StepPlan first, int steps, double learningRate) implements Serializable {}
