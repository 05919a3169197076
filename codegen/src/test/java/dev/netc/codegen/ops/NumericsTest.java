package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Losses and activations at extreme logits stay finite, and tiny networks with set weights give
 * the values worked out by hand.
 */
class NumericsTest {

  /** A network whose output is x W (3 -> 3, no bias), so logits are set exactly through W. */
  private static final String IDENTITY_LOGITS = """
      network Logits {
        input x: float[3];
        dense(3, bias: false);
        loss %s;
      }
      """;

  // ---- extreme logits

  @Test
  void softmaxCrossEntropyWithHugeLogitsStaysFinite() {
    Model m = Nets.model(IDENTITY_LOGITS.formatted("softmax_cross_entropy"));
    setDiagonal(m, "dense_1.weight", 3, 1e4f);
    // logits [1e4, -1e4, 1e4] and [-1e4, -1e4, 1e4]
    float[] x = {1, -1, 1, -1, -1, 1};
    // row 1 targets the -1e4 class: p = [1/2, e^-2e4 (0), 1/2], loss 2e4 + ln 2
    // row 2 targets the +1e4 class: loss ln(1 + 2e^-2e4) = 0
    float[] t = {0, 1, 0, 0, 0, 1};
    Workspace ws = m.newWorkspace(2);
    double loss = m.computeGradients(ws, x, t, 2, true);
    assertEquals((2e4 + Math.log(2)) / 2, loss, 1e-3);
    assertAllFinite(ws.gradients(), "parameter gradients");
    assertAllFinite(ws.inputGradient(), "input gradients");
    // d loss / d logits = (p - t) / 2: row 1 [1/4, -1/2, 1/4], row 2 [0, 0, 0]; dW[i][j] = sum_b x[b][i] g[b][j]
    float[] g = ws.gradients();
    assertArrayEquals(new float[] {0.25f, -0.5f, 0.25f, -0.25f, 0.5f, -0.25f, 0.25f, -0.5f, 0.25f}, g, 1e-6f);
    assertEquals(loss, m.computeLoss(ws, x, t, 2), 0);
  }

  @Test
  void binaryCrossEntropyWithHugeLogitsStaysFinite() {
    Model m = Nets.model(IDENTITY_LOGITS.formatted("binary_cross_entropy_with_logits"));
    setDiagonal(m, "dense_1.weight", 3, 1e4f);
    // logits [1e4, -1e4, 1e4] with targets [0, 1, 1]: losses 1e4, 1e4, 0
    float[] x = {1, -1, 1};
    float[] t = {0, 1, 1};
    Workspace ws = m.newWorkspace(1);
    double loss = m.computeGradients(ws, x, t, 1, true);
    assertEquals(2e4 / 3, loss, 1e-6);
    assertAllFinite(ws.gradients(), "parameter gradients");
    assertAllFinite(ws.inputGradient(), "input gradients");
    // d loss / d z = (sigmoid(z) - t) / 3 = [1/3, -1/3, 0]; dW[i][j] = x[i] g[j]
    assertArrayEquals(new float[] {1 / 3f, -1 / 3f, 0, -1 / 3f, 1 / 3f, 0, 1 / 3f, -1 / 3f, 0},
        ws.gradients(), 1e-6f);
  }

  @Test
  void logSoftmaxWithHugeLogitsStaysFinite() {
    Model m = Nets.model("""
        network Logits {
          input x: float[3];
          dense(3, bias: false);
          log_softmax;
          loss kl_divergence;
        }
        """);
    setDiagonal(m, "dense_1.weight", 3, 1e4f);
    float[] x = {1, -1, 1};
    float[] t = {0.25f, 0.5f, 0.25f};
    Workspace ws = m.newWorkspace(1);
    double loss = m.computeGradients(ws, x, t, 1, true);
    assertTrue(Double.isFinite(loss), "loss " + loss);
    // log p = [-ln 2, -2e4 - ln 2, -ln 2]; KL = sum t (ln t - log p) = 0.5 * 2e4 + 0.5 ln(1/2)... roughly 1e4
    double expected = 0.25 * (Math.log(0.25) + Math.log(2)) * 2 + 0.5 * (Math.log(0.5) + 2e4 + Math.log(2));
    assertEquals(expected, loss, 1e-2);
    assertAllFinite(ws.gradients(), "parameter gradients");
    assertAllFinite(ws.inputGradient(), "input gradients");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sigmoid", "tanh", "elu", "gelu", "silu", "softplus", "softmax", "log_softmax"})
  void activationsOfHugeInputsStayFinite(String activation) {
    Model m = Nets.model("""
        network Huge {
          input x: float[4];
          %s;
          dense(2);
          loss mse;
        }
        """.formatted(activation));
    m.initialize(3);
    float[] x = {1e4f, -1e4f, 80f, -80f, 100f, -100f, 0f, 1e-30f};
    Workspace ws = m.newWorkspace(2);
    double loss = m.computeGradients(ws, x, new float[4], 2, true);
    assertTrue(Double.isFinite(loss), activation + ": loss " + loss);
    assertAllFinite(ws.gradients(), activation + " parameter gradients");
    assertAllFinite(ws.inputGradient(), activation + " input gradients");
  }

  // ---- closed forms

  @Test
  void mseOfSetLinearNetwork() {
    Model m = Nets.model("""
        network Lin {
          input x: float[2];
          dense(1);
          loss mse;
        }
        """);
    set(m, "dense_1.weight", 0.5f, -1f);
    set(m, "dense_1.bias", 0.25f);
    // y = [1*0.5 + 2*(-1) + 0.25, 3*0.5 + (-1)*(-1) + 0.25] = [-1.25, 2.75]; errors [-1.25, 0.75]
    float[] x = {1, 2, 3, -1};
    float[] t = {0, 2};
    Workspace ws = m.newWorkspace(2);
    double loss = m.computeGradients(ws, x, t, 2, true);
    assertEquals((1.25 * 1.25 + 0.75 * 0.75) / 2, loss, 1e-7); // 1.0625
    assertEquals(1.0625, m.computeLoss(ws, x, t, 2), 1e-7);
    // dL/dy = 2 e / 2 = [-1.25, 0.75]; dW = x^T dL/dy; db = sum; dx = dL/dy W^T
    assertArrayEquals(new float[] {1 * -1.25f + 3 * 0.75f, 2 * -1.25f + -1 * 0.75f, -0.5f}, ws.gradients(), 1e-6f);
    assertArrayEquals(new float[] {-0.625f, 1.25f, 0.375f, -0.75f}, ws.inputGradient(), 1e-6f);
  }

  @ParameterizedTest(name = "{0} classes")
  @ValueSource(ints = {2, 3, 10, 1000})
  void softmaxCrossEntropyOfUniformLogitsIsLnC(int classes) {
    // all parameters zero (the constructor's state): every logit is 0
    Model m = Nets.model("""
        network Uniform {
          input x: float[3];
          dense(%d);
          loss softmax_cross_entropy;
        }
        """.formatted(classes));
    ((GeneratedModel) m).markParametersSet(); // all-zero parameters on purpose
    float[] x = {0.3f, -1f, 2f, 1f, 1f, 1f};
    float[] t = new float[2 * classes];
    t[1] = 1f;
    t[classes + classes - 1] = 1f;
    Workspace ws = m.newWorkspace(2);
    assertEquals(Math.log(classes), m.computeGradients(ws, x, t, 2, false), 1e-6);
    // bias gradient: mean over the rows of (1/C - t)
    float[] g = ws.gradients();
    int bias = offset(m, "dense_1.bias");
    for (int j = 0; j < classes; j++) {
      double expected = 1.0 / classes - ((j == 1 ? 1 : 0) + (j == classes - 1 ? 1 : 0)) / 2.0;
      assertEquals(expected, g[bias + j], 1e-6, "bias gradient " + j);
    }
  }

  @Test
  void binaryCrossEntropyOfZeroLogitIsLn2() {
    Model m = Nets.model("""
        network Zero {
          input x: float[3];
          dense(4);
          loss binary_cross_entropy_with_logits;
        }
        """);
    ((GeneratedModel) m).markParametersSet(); // all-zero parameters on purpose
    Workspace ws = m.newWorkspace(1);
    assertEquals(Math.log(2), m.computeLoss(ws, new float[] {1, 2, 3}, new float[] {0, 1, 0.5f, 0.25f}, 1), 1e-7);
  }

  @Test
  void klDivergenceOfMatchingDistributionsIsZeroAndOfUniformIsEntropyGap() {
    Model m = Nets.model("""
        network Kl {
          input x: float[2];
          dense(4);
          log_softmax;
          loss kl_divergence;
        }
        """);
    ((GeneratedModel) m).markParametersSet(); // all-zero parameters on purpose
    Workspace ws = m.newWorkspace(2);
    float[] x = {1, -2, 0.5f, 3};
    // zero parameters: p uniform (1/4 each)
    float[] uniform = {0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f};
    assertEquals(0, m.computeLoss(ws, x, uniform, 2), 1e-7);
    // KL(t || uniform) = sum t ln t + ln 4; a zero target contributes nothing
    float[] t = {0.5f, 0.5f, 0, 0, 1, 0, 0, 0};
    double row1 = Math.log(0.5) + Math.log(4);
    double row2 = Math.log(4);
    assertEquals((row1 + row2) / 2, m.computeLoss(ws, x, t, 2), 1e-6);
  }

  @Test
  void activationsOfSetValues() {
    // standalone activations on the input, then an identity dense: the output is the activation
    for (String[] c : new String[][] {
        {"relu", "-2", "0", "3", "0", "0", "3"},
        {"leaky_relu", "-2", "0", "3", "-0.02", "0", "3"},
        {"leaky_relu(alpha: 0.2)", "-2", "0", "3", "-0.4", "0", "3"},
        {"elu(alpha: 0.5)", "-2", "0", "3", String.valueOf(0.5 * Math.expm1(-2)), "0", "3"},
        {"sigmoid", "-2", "0", "3", String.valueOf(1 / (1 + Math.exp(2))), "0.5", String.valueOf(1 / (1 + Math.exp(-3)))},
        {"softplus", "-2", "0", "3", String.valueOf(Math.log1p(Math.exp(-2))), String.valueOf(Math.log(2)),
            String.valueOf(Math.log1p(Math.exp(3)))},
        {"gelu", "-2", "0", "3", "-0.04550026389635842", "0", "2.99595030590511"},
        {"silu", "-2", "0", "3", String.valueOf(-2 / (1 + Math.exp(2))), "0", String.valueOf(3 / (1 + Math.exp(-3)))}}) {
      Model m = Nets.model("""
          network Act {
            input x: float[3];
            %s;
            dense(3, bias: false);
            loss mse;
          }
          """.formatted(c[0]));
      setDiagonal(m, "dense_1.weight", 3, 1f);
      float[] out = m.predict(new float[] {Float.parseFloat(c[1]), Float.parseFloat(c[2]), Float.parseFloat(c[3])});
      float[] expected = {Float.parseFloat(c[4]), Float.parseFloat(c[5]), Float.parseFloat(c[6])};
      assertArrayEquals(expected, out, 1e-6f, c[0]);
    }
  }

  @Test
  void dropoutIsTheIdentityAtInferenceAndScalesKeptElementsInTraining() {
    Model m = Nets.model("""
        network Drop {
          input x: float[1000];
          dropout(0.25);
          dense(1, bias: false);
          loss mse;
        }
        """);
    float[] w = new float[1000];
    java.util.Arrays.fill(w, 1f);
    set(m, "dense_1.weight", w);
    float[] x = new float[1000];
    java.util.Arrays.fill(x, 1f);
    Workspace ws = m.newWorkspace(1);
    float[] out = new float[1];
    m.forward(ws, x, out, 1, false);
    assertEquals(1000f, out[0], 0f);
    // training: each kept element is 1 / 0.75, so the sum is (kept / 0.75); about 1000 on average
    m.forward(ws, x, out, 1, true);
    double kept = out[0] * 0.75;
    // (float sums of 1.3333334f drift by a few 1e-3 over ~750 terms)
    assertEquals(Math.rint(kept), kept, 0.05, "sum of kept elements scaled by 1 / (1 - rate)");
    assertTrue(Math.abs(kept - 750) < 5 * Math.sqrt(1000 * 0.75 * 0.25), "kept " + kept + " of 1000 at rate 0.25");
  }

  // ---- helpers

  private static int offset(Model m, String name) {
    return info(m, name).offset();
  }

  private static ParameterInfo info(Model m, String name) {
    return m.parameterInfo().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no parameter " + name + " in " + m.parameterInfo()));
  }

  private static void set(Model m, String name, float... values) {
    ParameterInfo p = info(m, name);
    assertEquals(p.size(), values.length, name);
    System.arraycopy(values, 0, m.parameters(), p.offset(), values.length);
  }

  /** Sets an [n, n] weight to v times the identity. */
  private static void setDiagonal(Model m, String name, int n, float v) {
    float[] w = new float[n * n];
    for (int i = 0; i < n; i++) {
      w[i * n + i] = v;
    }
    set(m, name, w);
  }

  private static void assertAllFinite(float[] a, String what) {
    for (int i = 0; i < a.length; i++) {
      assertTrue(Float.isFinite(a[i]), what + "[" + i + "] = " + a[i]);
    }
  }
}
