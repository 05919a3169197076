package dev.netc.cli;

import dev.netc.runtime.ClassTargets;
import dev.netc.runtime.Model;
import dev.netc.runtime.data.CsvData;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.data.Idx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The data a command trains or evaluates on, read for a given model with the runtime's readers:
 *
 * <ul>
 *   <li>a directory in the MNIST / Fashion-MNIST layout ({@link Idx}): {@code
 *       train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte} for training, {@code
 *       t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte} for testing, each gzipped
 *       ({@code .gz}) or not; pixels scaled to [0, 1], labels the classes;
 *   <li>a CSV file ({@link CsvData}): one example per line, numbers separated by commas, one
 *       column the label (the last unless {@code --label-column} says otherwise), the others the
 *       input; a first line that is not all numbers is a header.
 * </ul>
 *
 * A classifier (softmax cross-entropy, KL divergence) gets one-hot targets, or class indices when
 * it declares {@code targets: class_index}; a network with one target value per example (mse,
 * binary cross-entropy with one output) gets the label as that value.
 */
final class DataFiles {
  /** Which part of an IDX directory. */
  enum Split {
    TRAIN("train"), TEST("t10k");

    final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }
  }

  private DataFiles() {}

  /** Whether {@code data} holds the {@code split} files of an IDX directory. */
  static boolean hasSplit(Path data, Split split) {
    return Files.isDirectory(data) && find(data, split.prefix + "-images-idx3-ubyte") != null
        && find(data, split.prefix + "-labels-idx1-ubyte") != null;
  }

  /**
   * The examples of {@code data} for {@code model}: the {@code split} files of an IDX directory,
   * or the whole of a CSV file.
   * @param labelColumn the CSV label's column, from 0 (negative counts from the end)
   */
  static Dataset read(Path data, Split split, Model model, int labelColumn) throws IOException {
    if (!Files.exists(data)) {
      throw CliException.usage("data not found: " + data);
    }
    return Files.isDirectory(data) ? idx(data, split, model) : csv(data, model, labelColumn);
  }

  /** One line saying what {@code set} is and where it came from. */
  static String describe(Dataset set, Path data, Split split) {
    return set.size() + " examples from " + (Files.isDirectory(data) ? data + " (" + split.prefix + "-*)" : data);
  }

  private static Dataset idx(Path dir, Split split, Model model) throws IOException {
    Path images = find(dir, split.prefix + "-images-idx3-ubyte");
    Path labels = find(dir, split.prefix + "-labels-idx1-ubyte");
    if (images == null || labels == null) {
      throw CliException.failed(dir + " has no " + split.prefix + "-images-idx3-ubyte[.gz] and "
          + split.prefix + "-labels-idx1-ubyte[.gz]: a data directory holds IDX files named as in"
          + " MNIST and Fashion-MNIST; other data goes in a CSV file");
    }
    int classes = classes(model, "IDX labels");
    Idx.Images im = Idx.readImages(images);
    if (im.imageSize() != model.inputSize()) {
      throw CliException.failed(images + " holds " + im.rows() + "x" + im.cols() + " images ("
          + im.imageSize() + " values) but network " + model.name() + " takes "
          + Arrays.toString(model.inputShape()) + " (" + model.inputSize() + " values)");
    }
    int[] l = Idx.readLabels(labels);
    if (l.length != im.count()) {
      throw CliException.failed(labels + " has " + l.length + " labels but " + images + " has "
          + im.count() + " images");
    }
    return labelled(im.pixels(), im.imageSize(), l, classes, model, labels.toString());
  }

  private static Dataset csv(Path file, Model model, int labelColumn) throws IOException {
    boolean header = hasHeader(file);
    Dataset read;
    try {
      read = csv(file, header, model, labelColumn);
    } catch (IllegalArgumentException e) {
      // the reader names the line and column; the file name completes it
      throw CliException.failed(file + ": " + e.getMessage());
    }
    if (read.inputSize() != model.inputSize()) {
      throw CliException.failed(file + " has " + read.inputSize() + " input columns besides the label"
          + " but network " + model.name() + " takes " + Arrays.toString(model.inputShape()) + " ("
          + model.inputSize() + " values) per example");
    }
    return read;
  }

  private static Dataset csv(Path file, boolean header, Model model, int labelColumn) throws IOException {
    Dataset read;
    if (isClassifier(model)) {
      int classes = classes(model, "CSV labels");
      Dataset oneHot = CsvData.classification(file, header, labelColumn, classes);
      read = ClassTargets.used(model) ? indices(oneHot, classes) : oneHot;
    } else if (model.targetSize() == 1) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        read = CsvData.regression(in, header, labelColumn);
      }
    } else {
      throw CliException.failed("network " + model.name() + " takes " + model.targetSize()
          + " target values per example (loss " + lossName(model) + "); a CSV file gives one label per"
          + " example, which fits a classifier or a network with one target value");
    }
    return read;
  }

  /** Whether the first non-blank line of {@code file} has a field that is not a number. */
  static boolean hasHeader(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) {
          return !allNumbers(line);
        }
      }
    }
    return false;
  }

  static boolean allNumbers(String line) {
    for (String field : line.split(",", -1)) {
      try {
        Double.parseDouble(field.trim());
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  private static boolean isClassifier(Model model) {
    return model.outputs().size() == 1 && model.loss().isClassification();
  }

  /** The classes of a classifier: the last axis of its output. */
  private static int classes(Model model, String what) {
    if (!isClassifier(model)) {
      throw CliException.failed(what + " are classes, but network " + model.name() + " is no classifier"
          + " with one output (loss " + lossName(model) + "); give it a CSV file with its target value");
    }
    int[] shape = model.outputShape();
    if (shape.length != 1) {
      throw CliException.failed(what + " give one class per example, but network " + model.name()
          + " predicts " + Arrays.toString(shape) + " classes per example");
    }
    return shape[0];
  }

  private static String lossName(Model model) {
    return model.outputs().size() > 1 ? "per output" : model.loss().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Dataset labelled(float[] x, int inputSize, int[] labels, int classes, Model model, String source) {
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= classes) {
        throw CliException.failed(source + ": label " + labels[i] + " of example " + i + " is not one of"
            + " network " + model.name() + "'s " + classes + " classes");
      }
    }
    return ClassTargets.used(model) ? Dataset.classIndices(x, inputSize, labels, classes)
        : Dataset.classification(x, inputSize, labels, classes);
  }

  private static Dataset indices(Dataset oneHot, int classes) {
    int[] labels = new int[oneHot.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = oneHot.label(i);
    }
    return Dataset.classIndices(oneHot.inputs(), oneHot.inputSize(), labels, classes);
  }

  /** {@code dir/name.gz} or {@code dir/name}, whichever is a file; null when neither. */
  private static Path find(Path dir, String name) {
    for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }
}
