package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.InMemoryJavac;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every op's and every loss's generated backward pass against central finite differences of the
 * generated forward pass, on small networks where every parameter and input element is checked,
 * with a batch of 3.
 *
 * <p>Tolerance. The error of a gradient tensor is max|a - n| / max(1e-2, max|a| + max|n|) (a:
 * generated backward, n: finite difference). The forward pass is float32 and the loss is
 * accumulated in double; parameters and inputs are perturbed by h = 1e-2 in float, and the
 * difference quotient divides by the step actually taken. Two error sources remain: float
 * rounding of the outputs, about 1e-7 relative per op, becomes ~1e-7 |L| / 2h ≈ 1e-5 in the
 * quotient; and truncation, h² f''' / 6 ≈ 2e-5 for the smooth activations used here. Both sit well
 * under {@link #TOLERANCE} = 1e-3, the design's float32 bar (netc.md section 8), which holds for
 * every op here; a wrong derivative (a missing factor, a wrong sign, a wrong alpha) gives errors of
 * order 1e-1 to 1. Smaller steps (1e-3) make float rounding dominate (~1e-4 errors) without
 * sharpening the check.
 *
 * <p>Kinks. relu, leaky_relu and elu(alpha != 1) have no derivative at 0; {@link GradCheck}
 * fails a seed when any pre-activation of such a layer changes sign under a perturbation and
 * moves on to the next seed, so the reported check never differences across a kink. Inputs are
 * drawn with |x| in [0.2, 1.5] so activations applied to the input itself are never near 0.
 */
@FiniteDifferenceTests
class GradientCheckTest {
  static final int BATCH = 3;
  static final double H = 1e-2;
  static final double TOLERANCE = 1e-3;

  /** Worst error seen per op/loss label, printed after all tests. */
  private static final Map<String, Double> WORST = new TreeMap<>();

  @AfterAll
  static void printWorst() {
    StringBuilder s = new StringBuilder("worst relative gradient error per op (tolerance " + TOLERANCE + "):\n");
    WORST.forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-44s %.2e%n", k, v)));
    System.out.print(s);
  }

  /** How targets are drawn. */
  enum Targets {
    /** Gaussian, for mse. */
    REAL,
    /** One class per row (last axis), for softmax_cross_entropy. */
    ONE_HOT,
    /** Random probability distributions per row (positive, sum 1). */
    DISTRIBUTION,
    /** Distributions per row with one exact zero, which kl_divergence must skip. */
    DISTRIBUTION_WITH_ZERO,
    /** 0 or 1, for binary cross-entropy. */
    BINARY,
    /** Uniform in [0, 1], soft labels for binary cross-entropy. */
    PROBABILITY
  }

  // ---- dense

  @ParameterizedTest(name = "dense + {0}")
  @ValueSource(strings = {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "softplus"})
  void denseWithFusedActivation(String activation) {
    check("dense + " + activation, """
        network GradNet {
          input x: float[4];
          dense(5, activation: %1$s);
          dense(3, activation: %1$s);
          dense(2);
          loss mse;
        }
        """.formatted(activation), Targets.REAL);
  }

  @ParameterizedTest(name = "dense(bias: false) + {0}")
  @ValueSource(strings = {"linear", "tanh", "relu", "gelu"})
  void denseWithoutBias(String activation) {
    check("dense(bias: false) + " + activation, """
        network GradNet {
          input x: float[4];
          dense(5, activation: %s, bias: false);
          dense(2, bias: false);
          loss mse;
        }
        """.formatted(activation), Targets.REAL);
  }

  // ---- standalone activations: on the network input (optional input gradient) and between layers

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu(alpha: 0.2)", "elu",
      "elu(alpha: 0.5)", "gelu", "silu", "softplus",
      // alpha 0 outputs -0f for negative inputs, which the derivative from the output must read
      // as "not positive" (it once passed those gradients through)
      "leaky_relu(alpha: 0)", "elu(alpha: 0)"})
  void standaloneActivation(String activation) {
    check("activation " + activation, """
        network GradNet {
          input x: float[4];
          %1$s;
          dense(5);
          %1$s;
          dense(2);
          loss mse;
        }
        """.formatted(activation), Targets.REAL);
  }

  // ---- softmax and log_softmax

  @Test
  void softmaxBetweenLayers() {
    check("softmax", """
        network GradNet {
          input x: float[4];
          dense(5);
          softmax;
          dense(3);
          loss mse;
        }
        """, Targets.REAL);
  }

  @Test
  void softmaxOnInputAndAsOutput() {
    check("softmax", """
        network GradNet {
          input x: float[4];
          softmax;
          dense(3);
          softmax;
          loss mse;
        }
        """, Targets.DISTRIBUTION);
  }

  @Test
  void softmaxOverLastAxisOfRank2() {
    check("softmax", """
        network GradNet {
          input x: float[2, 3];
          softmax;
          flatten;
          dense(6);
          reshape([3, 2]);
          softmax;
          loss mse;
        }
        """, Targets.DISTRIBUTION);
  }

  @Test
  void logSoftmaxBetweenLayers() {
    check("log_softmax", """
        network GradNet {
          input x: float[4];
          log_softmax;
          dense(5);
          log_softmax;
          dense(3);
          loss mse;
        }
        """, Targets.REAL);
  }

  @Test
  void logSoftmaxOverLastAxisOfRank2() {
    check("log_softmax", """
        network GradNet {
          input x: float[2, 3];
          log_softmax;
          flatten;
          dense(6, activation: tanh);
          reshape([2, 3]);
          log_softmax;
          loss kl_divergence;
        }
        """, Targets.DISTRIBUTION);
  }

  // ---- views

  @Test
  void flatten() {
    check("flatten", """
        network GradNet {
          input x: float[2, 3];
          flatten;
          dense(4, activation: tanh);
          dense(2);
          loss mse;
        }
        """, Targets.REAL);
  }

  @Test
  void flattenAfterLayer() {
    check("flatten", """
        network GradNet {
          input x: float[3];
          dense(6, activation: sigmoid);
          reshape([2, 3]);
          tanh;
          flatten;
          dense(2);
          loss mse;
        }
        """, Targets.REAL);
  }

  @ParameterizedTest(name = "reshape({0})")
  @ValueSource(strings = {"[3, 2]", "[-1, 2]", "[3, -1]", "[1, 6]", "[-1]"})
  void reshapeInTheMiddle(String shape) {
    check("reshape", """
        network GradNet {
          input x: float[6];
          dense(6, activation: tanh);
          reshape(%s);
          softmax;
          flatten;
          dense(2);
          loss mse;
        }
        """.formatted(shape), Targets.REAL);
  }

  @Test
  void reshapeOfInput() {
    check("reshape", """
        network GradNet {
          input x: float[2, 3];
          reshape([-1]);
          dense(3);
          loss softmax_cross_entropy;
        }
        """, Targets.ONE_HOT);
  }

  @Test
  void reshapeAsOutputGivesRowsToTheLoss() {
    // softmax cross-entropy over the last axis: 2 rows of 3 classes per example
    check("reshape", """
        network GradNet {
          input x: float[4];
          dense(6);
          reshape([2, -1]);
          loss softmax_cross_entropy;
        }
        """, Targets.ONE_HOT);
  }

  // ---- dropout (training mode; the generator is reset before each evaluation: one fixed mask)

  @Test
  void dropout() {
    String source = """
        network GradNet {
          input x: float[6];
          dropout(0.3);
          dense(8, activation: tanh);
          dropout(0.5);
          dense(3);
          loss softmax_cross_entropy;
        }
        """;
    Model model = check("dropout", source, Targets.ONE_HOT);
    // the masks the check differenced through really drop and scale: fresh workspaces of the same
    // batch start from the same generator state
    Workspace ws = model.newWorkspace(BATCH);
    model.computeGradients(ws, filled(BATCH * 6, 0.5f), filled(BATCH * 3, 1f / 3), BATCH, false);
    assertMaskMixes(ws.buffers[GradCheck.bufferConstant(model, "MASK_DROPOUT_1")], BATCH * 6, 1 / 0.7f);
    assertMaskMixes(ws.buffers[GradCheck.bufferConstant(model, "MASK_DROPOUT_2")], BATCH * 8, 2f);
  }

  private static void assertMaskMixes(float[] mask, int n, float scale) {
    int dropped = 0;
    int kept = 0;
    for (int k = 0; k < n; k++) {
      if (mask[k] == 0f) {
        dropped++;
      } else if (Math.abs(mask[k] - scale) < 1e-6f) {
        kept++;
      }
    }
    assertTrue(dropped > 0 && kept > 0 && dropped + kept == n,
        "mask should mix 0 and " + scale + ": " + Arrays.toString(Arrays.copyOf(mask, n)));
  }

  // ---- losses

  @Test
  void mse() {
    check("loss mse", """
        network GradNet {
          input x: float[4];
          dense(5, activation: tanh);
          dense(3);
          loss mse;
        }
        """, Targets.REAL);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ONE_HOT", "DISTRIBUTION"})
  void softmaxCrossEntropy(Targets targets) {
    check("loss softmax_cross_entropy (" + targets.name().toLowerCase(Locale.ROOT) + ")", """
        network GradNet {
          input x: float[4];
          dense(5, activation: tanh);
          dense(3);
          loss softmax_cross_entropy;
        }
        """, targets);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"BINARY", "PROBABILITY"})
  void binaryCrossEntropyWithLogits(Targets targets) {
    check("loss binary_cross_entropy_with_logits (" + targets.name().toLowerCase(Locale.ROOT) + ")", """
        network GradNet {
          input x: float[4];
          dense(5, activation: tanh);
          dense(3);
          loss binary_cross_entropy_with_logits;
        }
        """, targets);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DISTRIBUTION", "DISTRIBUTION_WITH_ZERO"})
  void klDivergenceAfterLogSoftmax(Targets targets) {
    check("loss kl_divergence (" + targets.name().toLowerCase(Locale.ROOT) + ")", """
        network GradNet {
          input x: float[4];
          dense(5, activation: tanh);
          dense(3);
          log_softmax;
          loss kl_divergence;
        }
        """, targets);
  }

  // ---- a longer chain of everything

  @Test
  void mixedChain() {
    check("mixed chain", """
        network GradNet {
          input x: float[2, 2];
          flatten;
          dense(6, activation: gelu);
          dropout(0.25);
          reshape([2, 3]);
          softmax;
          flatten;
          elu(alpha: 0.5);
          dense(5, activation: silu);
          leaky_relu(alpha: 0.2);
          dense(4, activation: softplus);
          dense(3, activation: sigmoid, bias: false);
          log_softmax;
          loss kl_divergence;
        }
        """, Targets.ONE_HOT); // sharp targets: a loss near ln 3 keeps gradients above the 1e-2 floor
  }

  // ---- batch semantics: every loss is a mean, so a batch's gradient is the mean of its examples

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "mse, REAL, ''",
      "softmax_cross_entropy, DISTRIBUTION, ''",
      "binary_cross_entropy_with_logits, PROBABILITY, ''",
      "kl_divergence, DISTRIBUTION, log_softmax;"})
  void batchGradientIsTheMeanOfExampleGradients(String loss, Targets targets, String last) {
    Model model = Nets.model("""
        network GradNet {
          input x: float[4];
          dense(5, activation: tanh);
          dense(3);
          %s
          loss %s;
        }
        """.formatted(last, loss));
    model.initialize(5);
    Random random = new Random(5);
    float[] x = new float[BATCH * 4];
    float[] t = new float[BATCH * 3];
    fill(random, x, t, model, targets, 3);
    // a workspace larger than the batch: generated loops must use batch, not the buffer size
    Workspace ws = model.newWorkspace(BATCH + 2);
    double batchLoss = model.computeGradients(ws, x, t, BATCH, true);
    float[] batchParams = ws.gradients().clone();
    float[] batchInput = Arrays.copyOf(ws.inputGradient(), BATCH * 4);
    double meanLoss = 0;
    double[] meanParams = new double[batchParams.length];
    Workspace one = model.newWorkspace(1);
    for (int b = 0; b < BATCH; b++) {
      meanLoss += model.computeGradients(one, Arrays.copyOfRange(x, b * 4, b * 4 + 4),
          Arrays.copyOfRange(t, b * 3, b * 3 + 3), 1, true) / BATCH;
      for (int i = 0; i < meanParams.length; i++) {
        meanParams[i] += one.gradients()[i] / (double) BATCH;
      }
      for (int i = 0; i < 4; i++) {
        // d mean / d x_b is a third of example b's own gradient
        assertEquals(one.inputGradient()[i] / BATCH, batchInput[b * 4 + i], 1e-6,
            loss + " input gradient of example " + b);
      }
    }
    assertEquals(meanLoss, batchLoss, 1e-6 * Math.abs(meanLoss));
    for (int i = 0; i < meanParams.length; i++) {
      assertEquals(meanParams[i], batchParams[i], 1e-6, loss + " parameter " + i);
    }
  }

  // ---- the checker itself: it must see kinks and wrong derivatives

  @Test
  void kinkWithinTheStepIsDetected() {
    Model model = Nets.model("""
        network GradNet {
          input x: float[2];
          relu;
          dense(1);
          loss mse;
        }
        """);
    model.initialize(1);
    // x[0] = 0.004 is within h = 0.01 of relu's kink: its central difference would be half the slope
    assertThrows(GradCheck.Kink.class,
        () -> GradCheck.check(model, new float[] {0.004f, 1f}, new float[] {1f}, 1, H, 0));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "tanh; dense(3); tanh;               | (1f - y[k] * y[k])       | (1f - y[k])",
      "dense(3, activation: sigmoid);      | y[j] * (1f - y[j])       | y[j]",
      "dense(3);                           | g[DENSE_1_BIAS + j] += gy[yo + j] | g[DENSE_1_BIAS + j] += 2 * gy[yo + j]",
      "dense(3); softmax;                  | y[j] * (gy[j] - dot)     | (gy[j] - dot)",
      "dense(3); dropout(0.5);             | gy[k] * mask[k]          | gy[k]"})
  void checkerCatchesAWrongDerivative(String layers, String correct, String wrong) {
    String source = """
        network GradNet {
          input x: float[4];
          %s
          dense(2);
          loss mse;
        }
        """.formatted(layers);
    // the patterns are the Gemm kernel's loops; the cost model would unroll layers this small
    Nets.Built built = Nets.compile(source, KernelPolicy.GEMM);
    String code = built.code();
    assertTrue(code.contains(correct), "generated code no longer contains " + correct + ":\n" + code);
    String name = built.sources().get(0).qualifiedName();
    InMemoryJavac.Compiled mutated = InMemoryJavac.compile(Map.of(name, code.replace(correct, wrong)));
    Model model;
    try {
      model = (Model) mutated.load(name).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1,
        (random, x, t, m) -> fill(random, x, t, m, Targets.REAL, 2));
    assertTrue(report.worst() > 100 * TOLERANCE, "a wrong derivative went unnoticed:\n" + report);
  }

  // ---- helpers

  private static Model check(String label, String source, Targets targets) {
    Model model = Nets.model(source);
    int[] outShape = model.outputShape();
    int classes = outShape[outShape.length - 1];
    GradCheck.Report report = GradCheck.withData(model, BATCH, H, 1,
        (random, x, t, m) -> fill(random, x, t, m, targets, classes));
    System.out.println(label + ": " + report);
    synchronized (WORST) {
      WORST.merge(label, report.worst(), Math::max);
    }
    assertTrue(report.elements() == model.parameterCount() + BATCH * model.inputSize());
    assertTrue(report.worst() <= TOLERANCE, label + ": gradient check failed\n" + report);
    return model;
  }

  /**
   * Inputs with |x| in [0.2, 1.5]; parameters from the declared initializer plus N(0, 0.1²) noise so
   * biases are not zero; targets as asked.
   */
  private static void fill(Random random, float[] x, float[] t, Model model, Targets targets, int classes) {
    for (int i = 0; i < x.length; i++) {
      float mag = 0.2f + 1.3f * random.nextFloat();
      x[i] = random.nextBoolean() ? mag : -mag;
    }
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.1 * random.nextGaussian());
    }
    switch (targets) {
      case REAL -> {
        for (int i = 0; i < t.length; i++) {
          t[i] = (float) random.nextGaussian();
        }
      }
      case BINARY -> {
        for (int i = 0; i < t.length; i++) {
          t[i] = random.nextBoolean() ? 1f : 0f;
        }
      }
      case PROBABILITY -> {
        for (int i = 0; i < t.length; i++) {
          t[i] = random.nextFloat();
        }
      }
      case ONE_HOT -> {
        for (int r = 0; r < t.length; r += classes) {
          t[r + random.nextInt(classes)] = 1f;
        }
      }
      case DISTRIBUTION, DISTRIBUTION_WITH_ZERO -> {
        for (int r = 0; r < t.length; r += classes) {
          double sum = 0;
          for (int j = r; j < r + classes; j++) {
            t[j] = 0.05f + random.nextFloat();
            sum += t[j];
          }
          if (targets == Targets.DISTRIBUTION_WITH_ZERO) {
            int z = r + random.nextInt(classes);
            sum -= t[z];
            t[z] = 0f;
          }
          for (int j = r; j < r + classes; j++) {
            t[j] = (float) (t[j] / sum);
          }
        }
      }
    }
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }
}
