package dev.netc.runtime.train;

/**
 * Loss and accuracy of a model on a dataset in inference mode.
 *
 * @param loss mean loss per example
 * @param accuracy fraction correct, or NaN when the loss defines no accuracy (see {@link
 *     Accuracy})
 * @param count number of examples evaluated
 */
public record Evaluation(double loss, double accuracy, int count) {}
