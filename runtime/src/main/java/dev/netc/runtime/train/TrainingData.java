package dev.netc.runtime.train;

import dev.netc.runtime.ClassTargets;
import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;
import dev.netc.runtime.data.DataChecks;
import dev.netc.runtime.data.Dataset;
import java.util.Objects;

/**
 * The training and validation sets of a run: the validation data given, or a seeded split of the
 * training data, both checked against the network's input and target sizes.
 *
 * @param train the examples the steps see
 * @param validation evaluated after every epoch; null for none (also when it is empty)
 */
record TrainingData(Dataset train, Dataset validation) {

  static TrainingData of(Model model, Dataset data, double validationSplit, Dataset validationData, long seed) {
    check(model, data, "training data");
    Dataset train = data;
    Dataset validation = validationData;
    if (validationSplit > 0) {
      // the held-out examples are among these: name them by their index in the data given
      requireFinite(data, "training data (validation split included)");
      Dataset.Split split = data.split(validationSplit, seed);
      train = split.train();
      validation = split.validation();
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException(
          validationSplit > 0
              ? "no training examples left after a validation split of " + validationSplit
                  + " of " + data.size()
              : "no training examples");
    }
    if (validation != null) {
      check(model, validation, "validation data");
      if (validationSplit == 0) {
        requireFinite(validation, "validation data");
      }
      if (validation.size() == 0) {
        validation = null;
      }
    }
    return new TrainingData(train, validation);
  }

  /** The largest batch a step or a validation pass runs with {@code batchSize}. */
  int maxBatch(int batchSize) {
    return Math.min(batchSize, Math.max(train.size(), validation == null ? 0 : validation.size()));
  }

  /**
   * Rejects data holding a NaN or infinity, naming the example. Training data need not pass
   * this: a NaN there stops the step whose batch holds it ({@link NonFiniteLossException}); data
   * that is only evaluated would otherwise end as a NaN loss that the epoch log leaves out.
   */
  static void requireFinite(Dataset data, String what) {
    DataChecks.requireFinite(data.inputs(), data.inputSize(), what + " inputs");
    DataChecks.requireFinite(data.targets(), data.targetSize(), what + " targets");
  }

  /**
   * Rejects data whose input or target size differs from the network's, and class-index targets
   * that are not class indices; for a network with several inputs or outputs the message lists the
   * packed ports and how to build such data.
   */
  static void check(Model model, Dataset data, String what) {
    Objects.requireNonNull(data, what);
    boolean packed = model.inputs().size() > 1 || model.outputs().size() > 1;
    String hint = packed ? " (" + ports(model) + ", packed per example: build the data with"
        + " Dataset.of(model, inputs, targets))" : "";
    if (data.inputSize() != model.inputSize()) {
      throw new IllegalArgumentException(
          what + " has " + data.inputSize() + " floats per input, network " + model.name()
              + " expects " + model.inputSize() + hint);
    }
    if (data.targetSize() != model.targetSize()) {
      throw new IllegalArgumentException(
          what + " has " + data.targetSize() + " floats per target, network " + model.name()
              + " expects " + model.targetSize()
              + (packed ? hint : " for loss " + model.loss()));
    }
    if (ClassTargets.used(model) && model.outputs().size() == 1) {
      ClassTargets.requireValid(data.targets(), data.targetSize(), model.outputSize() / data.targetSize(),
          what + " targets");
    }
  }

  /** {@code inputs [image[1, 28, 28], meta[3]], targets logits 10 + aux 10}. */
  private static String ports(Model model) {
    StringBuilder s = new StringBuilder("inputs ").append(model.inputs()).append(", targets ");
    for (OutputPort p : model.outputs()) {
      s.append(p == model.outputs().get(0) ? "" : " + ").append(p.name()).append(' ').append(p.targetSize());
    }
    return s.toString();
  }
}
