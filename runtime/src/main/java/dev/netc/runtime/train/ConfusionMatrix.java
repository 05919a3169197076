package dev.netc.runtime.train;

import dev.netc.runtime.ClassTargets;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;
import java.util.Arrays;
import java.util.Locale;

/**
 * Counts of (actual class, predicted class) over an evaluation, with per-class precision, recall
 * and F1. {@link Trainer#evaluate} fills one for single-label classification (softmax
 * cross-entropy, KL divergence: predicted is the argmax of the output, counted at every position
 * of a sequence output) and for binary cross-entropy with one output (classes 0 and 1, predicted
 * 1 when the logit is above 0), up to {@link #MAX_CLASSES} classes. On a network with several
 * outputs it counts the first classifier output ({@link Accuracy#classifier}).
 */
public final class ConfusionMatrix {
  /** Above this many classes no matrix is kept (a vocabulary of 50,000 would need 10 GB). */
  public static final int MAX_CLASSES = 1024;

  private final int classes;
  private final long[] counts;

  /**
   * An empty matrix over {@code classes} classes.
   * @param classes the number of classes, 2 to {@link #MAX_CLASSES}
   */
  public ConfusionMatrix(int classes) {
    if (classes < 2 || classes > MAX_CLASSES) {
      throw new IllegalArgumentException("a confusion matrix needs 2 to " + MAX_CLASSES + " classes, got " + classes);
    }
    this.classes = classes;
    this.counts = new long[classes * classes];
  }

  /**
   * Counts one example (or position) of class {@code actual} predicted as {@code predicted}.
   * @param actual the true class
   * @param predicted the predicted class
   */
  public void add(int actual, int predicted) {
    counts[check(actual) * classes + check(predicted)]++;
  }

  /**
   * The number of classes.
   * @return the number of classes
   */
  public int classes() {
    return classes;
  }

  /**
   * How many examples of class {@code actual} were predicted as {@code predicted}.
   * @param actual the true class
   * @param predicted the predicted class
   * @return the count
   */
  public long count(int actual, int predicted) {
    return counts[check(actual) * classes + check(predicted)];
  }

  /**
   * Examples counted.
   * @return the number of examples counted
   */
  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  /**
   * Examples whose actual class is {@code c} (the row sum; recall's denominator).
   * @param c the class
   * @return the row sum
   */
  public long support(int c) {
    long s = 0;
    for (int p = 0; p < classes; p++) {
      s += count(c, p);
    }
    return s;
  }

  /**
   * Examples predicted as {@code c} (the column sum; precision's denominator).
   * @param c the class
   * @return the column sum
   */
  public long predicted(int c) {
    long s = 0;
    for (int a = 0; a < classes; a++) {
      s += count(a, c);
    }
    return s;
  }

  /**
   * Of the examples predicted as {@code c}, the fraction that are {@code c}; NaN when none was.
   * @param c the class
   * @return the precision of class {@code c}
   */
  public double precision(int c) {
    long p = predicted(c);
    return p == 0 ? Double.NaN : (double) count(c, c) / p;
  }

  /**
   * Of the examples of class {@code c}, the fraction predicted as {@code c}; NaN when there are none.
   * @param c the class
   * @return the recall of class {@code c}
   */
  public double recall(int c) {
    long s = support(c);
    return s == 0 ? Double.NaN : (double) count(c, c) / s;
  }

  /**
   * The harmonic mean of precision and recall of class {@code c}: 0 when both are 0, NaN when either is NaN.
   * @param c the class
   * @return the F1 score of class {@code c}
   */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    if (Double.isNaN(p) || Double.isNaN(r)) {
      return Double.NaN;
    }
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /**
   * The mean F1 over the classes that have one (macro average, as scikit-learn's macro avg).
   * @return the macro-averaged F1
   */
  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < classes; c++) {
      double f = f1(c);
      if (!Double.isNaN(f)) {
        sum += f;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * The matrix (rows actual, columns predicted) followed by a table of precision, recall, F1 and
   * support per class, as scikit-learn's classification report; "-" where a value is undefined.
   */
  @Override
  public String toString() {
    int width = 6;
    for (long c : counts) {
      width = Math.max(width, Long.toString(c).length() + 1);
    }
    StringBuilder s = new StringBuilder("confusion matrix (rows actual, columns predicted)\n");
    s.append(String.format(Locale.ROOT, "%8s", "class"));
    for (int p = 0; p < classes; p++) {
      s.append(String.format(Locale.ROOT, "%" + width + "d", p));
    }
    s.append('\n');
    for (int a = 0; a < classes; a++) {
      s.append(String.format(Locale.ROOT, "%8d", a));
      for (int p = 0; p < classes; p++) {
        s.append(String.format(Locale.ROOT, "%" + width + "d", count(a, p)));
      }
      s.append('\n');
    }
    s.append(String.format(Locale.ROOT, "%8s %9s %9s %9s %9s%n", "class", "precision", "recall", "f1", "support"));
    for (int c = 0; c < classes; c++) {
      s.append(String.format(Locale.ROOT, "%8d %9s %9s %9s %9d%n", c, fixed(precision(c)), fixed(recall(c)),
          fixed(f1(c)), support(c)));
    }
    s.append(String.format(Locale.ROOT, "%8s %9s %9s %9s %9d%n", "macro", "", "", fixed(macroF1()), total()));
    return s.toString();
  }

  /**
   * An empty matrix for {@code model}'s evaluations, on its {@link Accuracy#classifier} output, or
   * null when that output's loss has no single predicted class, it has more than {@link
   * #MAX_CLASSES} classes, or there is no such output.
   */
  static ConfusionMatrix forModel(Model model) {
    OutputPort p = Accuracy.classifier(model);
    if (p == null) {
      return null;
    }
    LossKind loss = p.loss();
    if (loss == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS && p.size() == 1) {
      return new ConfusionMatrix(2);
    }
    int classes = Accuracy.classes(model);
    if (!loss.isClassification() || classes < 2 || classes > MAX_CLASSES || p.size() % classes != 0) {
      return null;
    }
    return new ConfusionMatrix(classes);
  }

  /**
   * Counts a batch of outputs against its targets, read as {@link Accuracy#sum} reads them: one-hot
   * (or soft) targets per position, or one class index per position; the slice {@code [outOffset,
   * outOffset + outputSize)} of outputs {@code outStride} floats apart, and likewise for targets.
   */
  void addBatch(LossKind loss, float[] output, int outStride, int outOffset, int outputSize, float[] target,
      int targetStride, int targetOffset, int targetSize, int batch) {
    if (loss == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS) {
      for (int i = 0; i < batch; i++) {
        add(target[i * targetStride + targetOffset] > 0.5f ? 1 : 0, output[i * outStride + outOffset] > 0 ? 1 : 0);
      }
      return;
    }
    int positions = outputSize / classes;
    boolean indices = targetSize == positions;
    for (int i = 0; i < batch; i++) {
      int out = i * outStride + outOffset;
      int t = i * targetStride + targetOffset;
      for (int p = 0; p < positions; p++) {
        int predicted = Accuracy.argmax(output, out + p * classes, classes);
        int actual = indices
            ? ClassTargets.index(target, t + p, positions, classes)
            : Accuracy.argmax(target, t + p * classes, classes);
        add(actual, predicted);
      }
    }
  }

  /** Equal when both count the same classes with the same counts. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix m && m.classes == classes && Arrays.equals(m.counts, counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  private static String fixed(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private int check(int c) {
    if (c < 0 || c >= classes) {
      throw new IndexOutOfBoundsException("class " + c + " is outside [0, " + classes + ")");
    }
    return c;
  }
}
