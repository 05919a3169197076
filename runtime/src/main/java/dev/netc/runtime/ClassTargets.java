package dev.netc.runtime;

/**
 * Targets given as class indices: one float per row (per example, or per position of a sequence
 * output) holding the class, instead of a one-hot row. Networks declaring {@code loss
 * softmax_cross_entropy(targets: class_index)} read their targets this way; their generated loss
 * calls {@link #index} for every row, and the trainer checks whole datasets up front with {@link
 * #requireValid}, so a wrong target is an exception naming its row, never an out-of-range read or
 * a silently wrong loss.
 */
public final class ClassTargets {
  private ClassTargets() {}

  /**
   * The class index in {@code t[row]}, checked.
   *
   * @param t the targets of a batch, one float per row
   * @param row the row: {@code example * positions + position}
   * @param positions rows per example (1 unless the output is a sequence of class scores)
   * @param classes the number of classes
   * @return the index, in {@code [0, classes)}
   * @throws IllegalArgumentException when {@code t[row]} is not an integer in {@code [0, classes)},
   *     naming the example of the batch (and the position) that holds it
   */
  public static int index(float[] t, int row, int positions, int classes) {
    float v = t[row];
    int k = (int) v;
    if (k != v || k < 0 || k >= classes) {
      throw new IllegalArgumentException("target of example " + row / positions + " of the batch"
          + (positions > 1 ? " at position " + row % positions : "") + problem(v, classes));
    }
    return k;
  }

  /**
   * Whether {@code model} reads its targets as class indices: a softmax cross-entropy whose
   * target example holds one float per row of classes.
   *
   * @param model the model
   * @return whether targets are class indices
   */
  public static boolean used(Model model) {
    int[] shape = model.outputShape();
    int classes = shape.length == 0 ? 1 : shape[shape.length - 1];
    return model.loss() == LossKind.SOFTMAX_CROSS_ENTROPY && classes > 1
        && (long) model.targetSize() * classes == model.outputSize();
  }

  /**
   * Fails on the first target that is not an integer in {@code [0, classes)}, naming the example
   * (by its index in {@code targets}) and the position.
   *
   * @param targets the targets, {@code positions} floats per example
   * @param positions rows per example
   * @param classes the number of classes
   * @param what how messages call the data, such as "training data targets"
   * @throws IllegalArgumentException naming the first bad example
   */
  public static void requireValid(float[] targets, int positions, int classes, String what) {
    for (int i = 0; i < targets.length; i++) {
      float v = targets[i];
      if ((int) v != v || v < 0 || v >= classes) {
        throw new IllegalArgumentException(what + ": example " + i / positions
            + (positions > 1 ? " at position " + i % positions : "") + problem(v, classes));
      }
    }
  }

  private static String problem(float v, int classes) {
    return " is " + v + ", not a class index: with targets: class_index the loss reads one integer"
        + " in [0, " + classes + ") per row";
  }
}
