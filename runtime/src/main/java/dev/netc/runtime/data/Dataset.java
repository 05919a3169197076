package dev.netc.runtime.data;

import dev.netc.runtime.InputPort;
import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;
import dev.netc.runtime.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Examples held in memory as two flat arrays, example after example, in the layout {@link Model}
 * expects, so a batch is a few {@code System.arraycopy} calls and never an allocation.
 *
 * <p>A dataset takes ownership of the arrays it is built from (they are not copied: image sets are
 * hundreds of megabytes). {@link #subset} and {@link #split} copy, so their results are
 * independent of the original.
 *
 * <p>For a network with several inputs or outputs the arrays are packed per example, as the model
 * takes them ({@link Model#inputs()}); {@link #of(Model, Map, Map)} and {@link #packed} build them
 * from one array per port (copying, since packing interleaves). Subsets, splits, gathers and
 * batches move whole packed examples, so they need nothing more.
 */
public final class Dataset {
  private final float[] inputs;
  private final float[] targets;
  private final int size;
  private final int inputSize;
  private final int targetSize;
  private final int[] labels;
  private final int classes;

  /** The two parts of {@link #split}. */
  public record Split(Dataset train, Dataset validation) {}

  private Dataset(
      float[] inputs, float[] targets, int size, int inputSize, int targetSize, int[] labels,
      int classes) {
    this.inputs = inputs;
    this.targets = targets;
    this.size = size;
    this.inputSize = inputSize;
    this.targetSize = targetSize;
    this.labels = labels;
    this.classes = classes;
  }

  /**
   * Examples from flat inputs {@code x} ({@code size * inputSize} floats) and targets {@code y}
   * ({@code size * targetSize} floats).
   * @param x the inputs, example after example
   * @param y the targets, example after example
   * @param inputSize floats per input example
   * @param targetSize floats per target example
   * @return the dataset (holding the arrays, not copies)
   */
  public static Dataset of(float[] x, float[] y, int inputSize, int targetSize) {
    checkPositive(inputSize, "inputSize");
    checkPositive(targetSize, "targetSize");
    if (x.length % inputSize != 0) {
      throw new IllegalArgumentException(
          "inputs have " + x.length + " floats, not a multiple of inputSize " + inputSize);
    }
    int size = x.length / inputSize;
    if (y.length != (long) size * targetSize) {
      throw new IllegalArgumentException(
          size + " examples need " + (long) size * targetSize + " target floats (targetSize "
              + targetSize + "), got " + y.length);
    }
    return new Dataset(x, y, size, inputSize, targetSize, null, 0);
  }

  /**
   * Examples of {@code model}'s network given one array per input and one target array per
   * output, by name, each example after example: packed per example as the model takes them, so
   * that {@code Trainer.fit} and {@code Trainer.evaluate} need nothing more. Every input and every
   * output must be given, with no other name; each array must hold as many examples as the first
   * input (its {@link InputPort#size()}, or the output's {@link OutputPort#targetSize()}, floats
   * per example). Also right for a network with one input and one output.
   *
   * @param model the network the data is for
   * @param inputs one array per input, by declared name
   * @param targets one target array per output, by the output's name ({@link #oneHot} turns class
   *     labels into the one-hot targets of a classification loss)
   * @return the dataset (holding new packed arrays)
   * @throws IllegalArgumentException naming the port and the sizes, for a missing, unknown or
   *     wrongly sized array
   */
  public static Dataset of(Model model, Map<String, float[]> inputs, Map<String, float[]> targets) {
    List<InputPort> in = model.inputs();
    List<OutputPort> out = model.outputs();
    inputs.keySet().forEach(model::input);
    targets.keySet().forEach(model::output);
    String of = " of network " + model.name();
    String[] inNames = new String[in.size()];
    int[] inSizes = new int[in.size()];
    float[][] x = new float[in.size()][];
    for (int i = 0; i < in.size(); i++) {
      InputPort p = in.get(i);
      inNames[i] = "input " + p + of;
      inSizes[i] = p.size();
      x[i] = require(inputs, p.name(), "input " + p + of, "inputs", in);
    }
    String[] outNames = new String[out.size()];
    int[] outSizes = new int[out.size()];
    float[][] y = new float[out.size()][];
    for (int i = 0; i < out.size(); i++) {
      OutputPort p = out.get(i);
      outNames[i] = "target of output " + p.name() + of + " (" + p.loss() + ")";
      outSizes[i] = p.targetSize();
      y[i] = require(targets, p.name(), "output " + p.name() + of, "targets", out);
    }
    return packed(new PackedColumns(inNames, inSizes, x), new PackedColumns(outNames, outSizes, y));
  }

  /**
   * Examples given one array per input and one per target, with their floats per example, packed
   * per example in the order given (a network's declaration order: {@link Model#inputs()}, {@link
   * Model#outputs()}). Every array must hold as many examples as the first input.
   *
   * @param inputs one array per input, example after example
   * @param inputSizes floats per example of each input
   * @param targets one array per output's target, example after example
   * @param targetSizes floats per example of each target
   * @return the dataset (holding new packed arrays)
   */
  public static Dataset packed(float[][] inputs, int[] inputSizes, float[][] targets, int[] targetSizes) {
    return packed(columns("input", inputs, inputSizes), columns("target", targets, targetSizes));
  }

  /**
   * The one-hot encodings of {@code labels}: {@code classes} floats per label, 1 at the label.
   * @param labels class labels in {@code [0, classes)}
   * @param classes the number of classes
   * @return {@code labels.length * classes} floats
   */
  public static float[] oneHot(int[] labels, int classes) {
    checkPositive(classes, "classes");
    float[] y = new float[Math.multiplyExact(labels.length, classes)];
    for (int i = 0; i < labels.length; i++) {
      int c = labels[i];
      if (c < 0 || c >= classes) {
        throw new IllegalArgumentException(
            "label " + c + " of example " + i + " is outside [0, " + classes + ")");
      }
      y[i * classes + c] = 1f;
    }
    return y;
  }

  private static Dataset packed(PackedColumns x, PackedColumns y) {
    if (x.arrays().length == 0 || y.arrays().length == 0) {
      throw new IllegalArgumentException("a dataset needs at least one input and one target array");
    }
    int n = x.examples();
    y.requireExamples(n, x.names()[0]);
    return new Dataset(x.pack(n), y.pack(n), n, x.stride(), y.stride(), null, 0);
  }

  private static PackedColumns columns(String what, float[][] arrays, int[] sizes) {
    if (arrays.length != sizes.length) {
      throw new IllegalArgumentException(arrays.length + " " + what + " arrays but " + sizes.length + " sizes");
    }
    String[] names = new String[arrays.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = what + " " + i + " (" + sizes[i] + " floats per example)";
    }
    return new PackedColumns(names, sizes, arrays);
  }

  private static float[] require(Map<String, float[]> given, String name, String what, String kind, List<?> ports) {
    float[] a = given.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no array for " + what + ": a dataset needs " + kind + " for all of "
          + ports.stream().map(p -> p instanceof OutputPort o ? o.name() : p.toString()).toList());
    }
    return a;
  }

  /**
   * Examples with class labels in {@code [0, classes)}; the targets are the one-hot encodings,
   * and {@link #label} keeps the labels.
   * @param x the inputs, example after example
   * @param inputSize floats per input example
   * @param labels one class label per example
   * @param classes the number of classes
   * @return the labelled dataset
   */
  public static Dataset classification(float[] x, int inputSize, int[] labels, int classes) {
    checkLabels(x, inputSize, labels, classes);
    float[] y = new float[Math.multiplyExact(labels.length, classes)];
    for (int i = 0; i < labels.length; i++) {
      y[i * classes + labels[i]] = 1f;
    }
    return new Dataset(x, y, labels.length, inputSize, classes, labels.clone(), classes);
  }

  /**
   * Examples with class labels in {@code [0, classes)} kept as class indices: one target float per
   * example holding the label, for networks declaring {@code loss softmax_cross_entropy(targets:
   * class_index)} (a tenth of the memory of one-hot targets for ten classes). {@link #label}
   * keeps the labels.
   * @param x the inputs, example after example
   * @param inputSize floats per input example
   * @param labels one class label per example
   * @param classes the number of classes
   * @return the labelled dataset, target size 1
   */
  public static Dataset classIndices(float[] x, int inputSize, int[] labels, int classes) {
    checkLabels(x, inputSize, labels, classes);
    float[] y = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      y[i] = labels[i];
    }
    return new Dataset(x, y, labels.length, inputSize, 1, labels.clone(), classes);
  }

  private static void checkLabels(float[] x, int inputSize, int[] labels, int classes) {
    checkPositive(inputSize, "inputSize");
    checkPositive(classes, "classes");
    if (x.length != (long) labels.length * inputSize) {
      throw new IllegalArgumentException(
          labels.length + " labels need " + (long) labels.length * inputSize
              + " input floats (inputSize " + inputSize + "), got " + x.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of example " + i + " is outside [0, " + classes + ")");
      }
    }
  }

  /**
   * Number of examples.
   * @return the number of examples
   */
  public int size() {
    return size;
  }

  /**
   * Floats per input example.
   * @return the input size
   */
  public int inputSize() {
    return inputSize;
  }

  /**
   * Floats per target example.
   * @return the target size
   */
  public int targetSize() {
    return targetSize;
  }

  /**
   * The live flat input array (not a copy).
   * @return the inputs, example after example
   */
  public float[] inputs() {
    return inputs;
  }

  /**
   * The live flat target array (not a copy).
   * @return the targets, example after example
   */
  public float[] targets() {
    return targets;
  }

  /**
   * Whether the dataset was built from class labels.
   * @return whether there are class labels
   */
  public boolean hasLabels() {
    return labels != null;
  }

  /**
   * Number of classes for a labelled dataset, 0 otherwise.
   * @return the number of classes, or 0
   */
  public int classes() {
    return classes;
  }

  /**
   * The class label of example {@code i}, or -1 when the dataset has no labels.
   * @param i the example's index
   * @return the label, or -1
   */
  public int label(int i) {
    java.util.Objects.checkIndex(i, size);
    return labels == null ? -1 : labels[i];
  }

  /**
   * A copy of examples {@code [from, to)}.
   * @param from the first example, inclusive
   * @param to the last example, exclusive
   * @return the copy
   */
  public Dataset subset(int from, int to) {
    java.util.Objects.checkFromToIndex(from, to, size);
    return new Dataset(
        Arrays.copyOfRange(inputs, from * inputSize, to * inputSize),
        Arrays.copyOfRange(targets, from * targetSize, to * targetSize),
        to - from,
        inputSize,
        targetSize,
        labels == null ? null : Arrays.copyOfRange(labels, from, to),
        classes);
  }

  /**
   * Shuffles the example indices with {@code seed}, then puts {@code round(size *
   * validationFraction)} of them into the validation part and the rest into the training part.
   * Each part keeps the original order of its examples, so the split is a pure partition fixed
   * by the seed.
   * @param validationFraction the fraction held out, in [0, 1)
   * @param seed the shuffle's seed
   * @return the training and validation parts
   */
  public Split split(double validationFraction, long seed) {
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validation fraction must be in [0, 1), got " + validationFraction);
    }
    int validation = (int) Math.round(size * validationFraction);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    new Rng(seed).shuffle(order);
    int[] trainIdx = Arrays.copyOfRange(order, 0, size - validation);
    int[] valIdx = Arrays.copyOfRange(order, size - validation, size);
    Arrays.sort(trainIdx);
    Arrays.sort(valIdx);
    return new Split(gather(trainIdx), gather(valIdx));
  }

  /**
   * A copy of the examples at {@code indices}, in that order.
   * @param indices the examples to copy
   * @return the copy
   */
  public Dataset gather(int[] indices) {
    int n = indices.length;
    float[] x = new float[Math.multiplyExact(n, inputSize)];
    float[] y = new float[Math.multiplyExact(n, targetSize)];
    copyBatch(indices, 0, n, x, y);
    int[] l = null;
    if (labels != null) {
      l = new int[n];
      for (int i = 0; i < n; i++) {
        l[i] = labels[indices[i]];
      }
    }
    return new Dataset(x, y, n, inputSize, targetSize, l, classes);
  }

  /**
   * Copies the examples {@code indices[from .. from + count)} into the start of {@code xOut} and
   * {@code yOut} (either may be null to skip it). Allocates nothing: the trainer calls it once per
   * mini-batch.
   * @param indices example indices
   * @param from the first position in {@code indices}
   * @param count how many examples
   * @param xOut receives {@code count * inputSize()} floats, or null
   * @param yOut receives {@code count * targetSize()} floats, or null
   */
  public void copyBatch(int[] indices, int from, int count, float[] xOut, float[] yOut) {
    java.util.Objects.checkFromIndexSize(from, count, indices.length);
    for (int k = 0; k < count; k++) {
      int i = indices[from + k];
      if (xOut != null) {
        System.arraycopy(inputs, i * inputSize, xOut, k * inputSize, inputSize);
      }
      if (yOut != null) {
        System.arraycopy(targets, i * targetSize, yOut, k * targetSize, targetSize);
      }
    }
  }

  /**
   * Copies the consecutive examples {@code [from, from + count)} into the start of {@code xOut} and
   * {@code yOut} (either may be null). Allocates nothing.
   * @param from the first example
   * @param count how many examples
   * @param xOut receives {@code count * inputSize()} floats, or null
   * @param yOut receives {@code count * targetSize()} floats, or null
   */
  public void copyRange(int from, int count, float[] xOut, float[] yOut) {
    java.util.Objects.checkFromIndexSize(from, count, size);
    if (xOut != null) {
      System.arraycopy(inputs, from * inputSize, xOut, 0, count * inputSize);
    }
    if (yOut != null) {
      System.arraycopy(targets, from * targetSize, yOut, 0, count * targetSize);
    }
  }

  @Override
  public String toString() {
    return "Dataset(" + size + " examples, input " + inputSize + ", target " + targetSize
        + (labels == null ? "" : ", " + classes + " classes") + ")";
  }

  private static void checkPositive(int n, String what) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + n);
    }
  }
}
