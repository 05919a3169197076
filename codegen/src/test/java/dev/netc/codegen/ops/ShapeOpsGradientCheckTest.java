package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference checks of slice, mean, max, upsample and positional_embedding: every axis
 * position (first, middle, last, negative), keep, 1-d and 2-d upsampling with equal and unequal
 * factors, both positional kinds, each at the network input (optional input gradient) and after a
 * layer with parameters (the op's input gradient feeds that layer's backward). Same tolerance,
 * step and batch as {@link GradientCheckTest}; {@link GradCheck} retries a seed when a maximum
 * moves within the step.
 */
@FiniteDifferenceTests
class ShapeOpsGradientCheckTest {
  static final int BATCH = 3;
  static final double H = 1e-2;
  static final double TOLERANCE = 1e-3;

  private static final Map<String, Double> WORST = new TreeMap<>();

  @AfterAll
  static void printWorst() {
    StringBuilder s = new StringBuilder("worst relative gradient error per shape-op case (tolerance "
        + TOLERANCE + "):\n");
    WORST.forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-70s %.2e%n", k, v)));
    System.out.print(s);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', value = {
      // slice: each axis position, negative bounds and axis, a full-range slice
      "slice(0, 1, 3)                                                   | 4, 3",
      "slice(axis: 1, from: 2, to: 5)                                   | 3, 6",
      "slice(axis: 1, from: -4, to: -1)                                 | 2, 6, 3",
      "slice(axis: -1, from: 0, to: 2)                                  | 2, 3, 4",
      "slice(axis: 2, from: 1, to: 4)                                   | 2, 3, 5",
      "slice(axis: 0, from: 0, to: 5)                                   | 5",
      "slice(axis: 0, from: 2, to: 3)                                   | 4, 3",
      "dense(12, activation: tanh); slice(axis: 0, from: 3, to: 9)      | 5",
      // mean and max over each axis position, with and without keep
      "mean(0)                                                          | 4, 3",
      "mean(axis: 1)                                                    | 3, 5",
      "mean(axis: 1, keep: true)                                        | 2, 4, 3",
      "mean(axis: -1)                                                   | 2, 3, 4",
      "mean(axis: 0)                                                    | 6",
      "max(0)                                                           | 4, 3",
      "max(axis: 1)                                                     | 3, 5",
      "max(axis: 1, keep: true)                                         | 2, 4, 3",
      "max(axis: -1)                                                    | 2, 3, 4",
      "max(axis: 0)                                                     | 6",
      "dense(12, activation: tanh); reshape([3, 4]); max(axis: 0)       | 5",
      "dense(12, activation: tanh); reshape([3, 4]); mean(axis: 1)      | 5",
      // upsample: 2-d equal and unequal factors, 1-d, after a conv
      "upsample(2)                                                      | 2, 3, 3",
      "upsample([3, 2])                                                 | 2, 2, 3",
      "upsample(factor: 3, mode: nearest)                               | 2, 4",
      "upsample([1, 2])                                                 | 3, 2, 2",
      "conv2d(2, kernel: 2, activation: tanh); upsample(2)              | 2, 4, 4",
      "conv1d(3, kernel: 2, activation: tanh); upsample(2)              | 2, 5",
      // positional embeddings
      "positional_embedding(kind: learned)                              | 5, 3",
      "positional_embedding(kind: sinusoidal)                           | 6, 4",
      "positional_embedding(kind: sinusoidal)                           | 4, 5",
      "time_dense(4, activation: tanh); positional_embedding(kind: learned)    | 5, 3",
      "time_dense(4, activation: tanh); positional_embedding(kind: sinusoidal) | 5, 3"})
  void gradientMatchesFiniteDifferences(String layers, String inputShape) {
    String source = """
        network GradNet {
          input x: float[%s];
          %s;
          flatten;
          dense(3);
          loss mse;
        }
        """.formatted(inputShape, layers.trim());
    Model model = Nets.model(source);
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1, ConvGradientCheckTest::fill);
    String label = layers.trim() + " on [" + inputShape + "]";
    System.out.println(label + ": " + report);
    synchronized (WORST) {
      WORST.merge(label, report.worst(), Math::max);
    }
    assertEquals(model.parameterCount() + BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= TOLERANCE, label + ": gradient check failed\n" + report);
  }

  /**
   * The op reads a value {@code h} that a later layer reads too: backward runs in reverse order,
   * so the later reader writes h's gradient first and the op adds to it ({@code +=}). The check
   * covers the sum; the generated method is checked to take the accumulating path (no clearing
   * or copying over gx, an addition into it).
   */
  @ParameterizedTest(name = "{0} on [{1}] with fan-out")
  @CsvSource(delimiter = '|', value = {
      "slice(h, axis: 1, from: 1, to: 5)            | 4, 6",
      "slice(h, axis: 0, from: -3, to: -1)          | 4, 6",
      "mean(h, axis: 0)                             | 4, 6",
      "max(h, axis: 1, keep: true)                  | 4, 6",
      "upsample(h, [2, 3])                          | 2, 3, 2",
      "upsample(h, 2)                               | 2, 5",
      "positional_embedding(h, kind: learned)       | 5, 3",
      "positional_embedding(h, kind: sinusoidal)    | 5, 3"})
  void accumulatesIntoAValueOtherLayersRead(String op, String inputShape) {
    String source = """
        network FanOut {
          input x: float[%s];
          h = tanh(x);
          o = %s -> flatten -> dense(3);
          other = h -> sigmoid -> flatten -> dense(3);
          add(o, other);
          loss mse;
        }
        """.formatted(inputShape, op.trim());
    String code = Nets.compile(source).code();
    int start = code.indexOf("private void oBackward(");
    String backward = code.substring(start, code.indexOf("\n  }\n", start));
    assertTrue(backward.contains("gx[") && backward.contains("+="), "no accumulation into gx:\n" + backward);
    assertTrue(!backward.contains("Arrays.fill(gx") && !backward.contains("arraycopy(gy"),
        "gx is overwritten although another layer's gradient is in it:\n" + backward);
    Model model = Nets.model(source);
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1, ConvGradientCheckTest::fill);
    String label = op.trim() + " on [" + inputShape + "] with fan-out";
    System.out.println(label + ": " + report);
    synchronized (WORST) {
      WORST.merge(label, report.worst(), Math::max);
    }
    assertEquals(model.parameterCount() + BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= TOLERANCE, label + ": gradient check failed\n" + report);
  }
}
