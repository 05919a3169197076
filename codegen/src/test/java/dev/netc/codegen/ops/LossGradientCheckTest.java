package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.Workspace;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The losses with arguments (l1, huber, softmax cross-entropy with class-index targets, label
 * smoothing and class weights, binary cross-entropy with pos_weight) against central finite
 * differences, through a small dense network so every parameter and input element is checked.
 * Same step and tolerance as {@link GradientCheckTest} (h = 1e-2, error 1e-3 relative).
 *
 * <p>Kinks: l1 has none of its own to fear only when no {@code y - t} lies within the step of 0,
 * and huber's second derivative jumps at {@code |y - t| = delta}; the regression targets are
 * therefore placed at a distance from the outputs, away from 0 and from delta.
 */
@FiniteDifferenceTests
class LossGradientCheckTest {
  static final int BATCH = 3;
  static final double H = 1e-2;
  static final double TOLERANCE = 1e-3;

  private static String net(String loss, int units, String reshape) {
    return """
        network GradNet {
          input x: float[4];
          dense(5, activation: tanh);
          dense(%d);
          %s
          loss %s;
        }
        """.formatted(units, reshape, loss);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "l1                | 0",
      "huber             | 1",
      "huber(delta: 0.5) | 0.5",
      "huber(delta: 3)   | 3"})
  void regression(String loss, double delta) {
    Model model = Nets.model(net(loss, 3, ""));
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1, (random, x, t, m) -> {
      inputsAndNoise(random, x, m);
      float[] y = forward(m, x);
      for (int i = 0; i < t.length; i++) {
        // |y - t| in [0.3, 0.7] or [delta + 0.3, delta + 1]: both sides of delta, none near 0 or delta
        double d = random.nextBoolean() || delta == 0 ? 0.3 + 0.4 * random.nextDouble() : delta + 0.3 + 0.7 * random.nextDouble();
        t[i] = (float) (y[i] + (random.nextBoolean() ? d : -d));
      }
    });
    assertPasses(loss, report, model);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "softmax_cross_entropy(targets: class_index)",
      "softmax_cross_entropy(targets: class_index, label_smoothing: 0.2)",
      "softmax_cross_entropy(targets: class_index, class_weights: [0.5, 2, 1.5])",
      "softmax_cross_entropy(targets: class_index, label_smoothing: 0.1, class_weights: [0.5, 2, 1.5])",
      "softmax_cross_entropy(label_smoothing: 0.2)",
      "softmax_cross_entropy(class_weights: [0.5, 2, 1.5])",
      "softmax_cross_entropy(label_smoothing: 0.1, class_weights: [0.5, 2, 1.5])"})
  void softmaxCrossEntropy(String loss) {
    check(loss, net(loss, 3, ""), 3);
  }

  @ParameterizedTest(name = "{0} on [2, 3]")
  @ValueSource(strings = {
      "softmax_cross_entropy(targets: class_index)",
      "softmax_cross_entropy(targets: class_index, label_smoothing: 0.1, class_weights: [0.5, 2, 1.5])",
      "binary_cross_entropy_with_logits(pos_weight: [0.5, 2, 3])"})
  void rowsOfAnOutputOfRankTwo(String loss) {
    check(loss + " on [2, 3]", net(loss, 6, "reshape([2, 3]);"), 3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "binary_cross_entropy_with_logits(pos_weight: 2.5)",
      "binary_cross_entropy_with_logits(pos_weight: 0)",
      "binary_cross_entropy_with_logits(pos_weight: [0.5, 2, 3])"})
  void binaryCrossEntropyWithPosWeight(String loss) {
    check(loss, net(loss, 3, ""), 3);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "label_smoothing: 0.2, ", "class_weights: [0.5, 2, 1.5], "})
  void classIndicesGiveTheLossOfTheirOneHotRows(String options) {
    // with one-hot rows a distribution and a class index say the same; unweighted means agree too
    Model index = Nets.model(net("softmax_cross_entropy(" + options + "targets: class_index)", 3, ""));
    Model oneHot = Nets.model(net("softmax_cross_entropy(" + options + "targets: distribution)", 3, ""));
    assertEquals(1, index.targetSize());
    index.initialize(3);
    oneHot.initialize(3);
    Random random = new Random(3);
    float[] x = new float[BATCH * 4];
    inputsAndNoise(random, x, index);
    System.arraycopy(index.parameters(), 0, oneHot.parameters(), 0, index.parameterCount());
    float[] k = {2, 0, 1};
    float[] rows = new float[BATCH * 3];
    for (int i = 0; i < BATCH; i++) {
      rows[i * 3 + (int) k[i]] = 1f;
    }
    Workspace a = index.newWorkspace(BATCH);
    Workspace b = oneHot.newWorkspace(BATCH);
    double li = index.computeGradients(a, x, k, BATCH, true);
    double lo = oneHot.computeGradients(b, x, rows, BATCH, true);
    if (options.startsWith("class_weights")) {
      // PyTorch: class indices divide by the summed target weights (2 + 0.5 + 1.5 = 4), distributions by the rows (3)
      assertEquals(lo * 3 / 4, li, 1e-6 * Math.abs(li));
      return;
    }
    assertEquals(lo, li, 1e-6 * Math.abs(li));
    for (int i = 0; i < a.gradients().length; i++) {
      assertEquals(b.gradients()[i], a.gradients()[i], 1e-6, "parameter gradient " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "l1                                                                  | 3 | 0",
      "huber(delta: 0.5)                                                   | 3 | 0",
      "softmax_cross_entropy(targets: class_index, label_smoothing: 0.1)   | 1 | 0",
      "softmax_cross_entropy(label_smoothing: 0.1, class_weights: [1, 2, 3]) | 3 | 0",
      "softmax_cross_entropy(targets: class_index, class_weights: [1, 2, 3]) | 1 | 1",
      "binary_cross_entropy_with_logits(pos_weight: [0.5, 2, 3])           | 3 | 0"})
  void theBatchLossIsTheMeanOfTheExamples(String loss, int targetSize, int weighted) {
    // a workspace larger than the batch: generated loops must use batch, not the buffer size
    Model model = Nets.model(net(loss, 3, ""));
    assertEquals(targetSize, model.targetSize());
    model.initialize(5);
    Random random = new Random(5);
    float[] x = new float[BATCH * 4];
    inputsAndNoise(random, x, model);
    float[] t = targetSize == 1 ? new float[] {2, 0, 1} : new float[] {0.2f, 0.5f, 0.3f, 1, 0, 0, 0.6f, 0.1f, 0.3f};
    Workspace ws = model.newWorkspace(BATCH + 2);
    double batchLoss = model.computeGradients(ws, x, t, BATCH, true);
    float[] batchGrads = ws.gradients().clone();
    // class indices with class weights: PyTorch's weighted mean, sum of w_k L_k over sum of w_k
    double[] w = new double[BATCH];
    double wSum = 0;
    for (int b = 0; b < BATCH; b++) {
      w[b] = weighted == 1 ? 1 + t[b] : 1;
      wSum += w[b];
    }
    double mean = 0;
    double[] meanGrads = new double[batchGrads.length];
    Workspace one = model.newWorkspace(1);
    for (int b = 0; b < BATCH; b++) {
      double l = model.computeGradients(one, java.util.Arrays.copyOfRange(x, b * 4, b * 4 + 4),
          java.util.Arrays.copyOfRange(t, b * targetSize, (b + 1) * targetSize), 1, false);
      mean += l * w[b] / wSum;
      for (int i = 0; i < meanGrads.length; i++) {
        meanGrads[i] += one.gradients()[i] * w[b] / wSum;
      }
    }
    assertEquals(mean, batchLoss, 1e-6 * Math.abs(mean));
    for (int i = 0; i < meanGrads.length; i++) {
      assertEquals(meanGrads[i], batchGrads[i], 1e-6, loss + " parameter " + i);
    }
  }

  // ---- helpers

  private static void check(String label, String source, int classes) {
    Model model = Nets.model(source);
    boolean index = source.contains("class_index");
    boolean binary = source.contains("binary_cross_entropy");
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1, (random, x, t, m) -> {
      inputsAndNoise(random, x, m);
      if (index) {
        for (int i = 0; i < t.length; i++) {
          t[i] = random.nextInt(classes);
        }
      } else if (binary) {
        for (int i = 0; i < t.length; i++) {
          t[i] = random.nextBoolean() ? 1f : random.nextFloat();
        }
      } else {
        for (int r = 0; r < t.length; r += classes) {
          double sum = 0;
          for (int j = r; j < r + classes; j++) {
            t[j] = 0.05f + random.nextFloat();
            sum += t[j];
          }
          for (int j = r; j < r + classes; j++) {
            t[j] = (float) (t[j] / sum);
          }
        }
      }
    });
    assertPasses(label, report, model);
  }

  private static void assertPasses(String label, GradCheck.Report report, Model model) {
    System.out.println(label + ": " + report);
    assertEquals(model.parameterCount() + BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= TOLERANCE, label + ": gradient check failed\n" + report);
  }

  /** Inputs with |x| in [0.2, 1.5] and N(0, 0.1²) noise on the initialized parameters. */
  private static void inputsAndNoise(Random random, float[] x, Model model) {
    for (int i = 0; i < x.length; i++) {
      float mag = 0.2f + 1.3f * random.nextFloat();
      x[i] = random.nextBoolean() ? mag : -mag;
    }
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.1 * random.nextGaussian());
    }
  }

  private static float[] forward(Model model, float[] x) {
    float[] y = new float[BATCH * model.outputSize()];
    model.forward(model.newWorkspace(BATCH), x, y, BATCH, false);
    return y;
  }
}
