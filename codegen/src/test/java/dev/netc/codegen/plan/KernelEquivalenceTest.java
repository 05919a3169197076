package dev.netc.codegen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.InMemoryJavac;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unrolled kernel computes what the Gemm kernels compute: on the same parameters and
 * random inputs, forward outputs, every parameter gradient and the input gradient agree to float
 * rounding (the summation orders differ); and each passes the finite-difference check on its own.
 * Networks cover several sizes, with and without bias, with activations that keep their
 * pre-activation (gelu, silu) and ones that do not, a first layer (optional input gradient) and
 * hidden ones, and time_dense.
 */
@FiniteDifferenceTests
class KernelEquivalenceTest {
  /** Float rounding over at most a few dozen terms, relative to the largest value compared. */
  static final double TOLERANCE = 1e-5;

  static final String[] NETWORKS = {
      """
      network XorLike {
        input x: float[2];
        dense(4, activation: tanh);
        dense(1, activation: sigmoid);
        loss mse;
      }
      """,
      """
      network NoBias {
        input x: float[5];
        dense(3, activation: gelu, bias: false);
        dense(2, bias: false);
        loss mse;
      }
      """,
      """
      network Wider {
        input x: float[13];
        dense(7, activation: relu);
        dense(8, activation: elu);
        dense(3, activation: leaky_relu);
        dense(2);
        loss mse;
      }
      """,
      """
      network Square {
        input x: float[8];
        dense(8, activation: silu);
        dense(8, activation: softplus, bias: false);
        dense(1);
        loss mse;
      }
      """,
      """
      network Steps {
        input x: float[3, 5];
        time_dense(4, activation: silu);
        flatten;
        dense(2);
        loss mse;
      }
      """,
      """
      network Larger {
        input x: float[24];
        dense(20, activation: tanh);
        dense(2);
        loss mse;
      }
      """
  };

  static Stream<Arguments> cases() {
    return Stream.of(KernelPolicy.UNROLLED)
        .flatMap(k -> Arrays.stream(NETWORKS).map(n -> Arguments.of(k, name(n), n)));
  }

  private static String name(String network) {
    return network.substring("network ".length(), network.indexOf(" {"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void sameOutputsAndGradientsAsGemm(KernelPolicy policy, String name, String source) {
    Nets.Built gemm = Nets.compile(source, KernelPolicy.GEMM);
    Nets.Built forced = Nets.compile(source, policy);
    for (KernelDecision d : forced.result().plans().get(0).decisions()) {
      assertTrue(d.kernel() == policy.forced() || d.reason().equals("too large to unroll"), d.reportLine());
    }
    for (int batch : new int[] {1, 5}) {
      Model reference = gemm.model();
      Model model = forced.model();
      reference.initialize(11);
      model.initialize(11);
      Random random = new Random(batch);
      float[] p = reference.parameters();
      for (int i = 0; i < p.length; i++) {
        p[i] += (float) (0.1 * random.nextGaussian()); // biases not zero
      }
      System.arraycopy(p, 0, model.parameters(), 0, p.length);
      float[] x = gaussian(random, batch * model.inputSize());
      float[] t = gaussian(random, batch * model.targetSize());

      Workspace rws = reference.newWorkspace(batch);
      Workspace ws = model.newWorkspace(batch);
      float[] rout = new float[batch * model.outputSize()];
      float[] out = new float[rout.length];
      reference.forward(rws, x, rout, batch, false);
      model.forward(ws, x, out, batch, false);
      assertClose(rout, out, name + " batch " + batch + " output");

      double rloss = reference.computeGradients(rws, x, t, batch, true);
      double loss = model.computeGradients(ws, x, t, batch, true);
      assertEquals(rloss, loss, TOLERANCE * Math.max(1, Math.abs(rloss)), name + " loss");
      assertClose(rws.gradients(), ws.gradients(), name + " batch " + batch + " parameter gradients");
      assertClose(Arrays.copyOf(rws.inputGradient(), x.length), Arrays.copyOf(ws.inputGradient(), x.length),
          name + " batch " + batch + " input gradient");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void passesFiniteDifferenceCheck(KernelPolicy policy, String name, String source) {
    Model model = Nets.compile(source, policy).model();
    GradCheck.Report report = GradCheck.withData(model, 3, 1e-2, 1, KernelEquivalenceTest::fill);
    assertTrue(report.worst() < 1e-3, policy + " " + name + ":\n" + report);
  }

  /** The check above would notice a wrong derivative or a doubled gradient in either kernel. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "UNROLLED | y[yo + 1] * (1f - y[yo + 1]) | y[yo + 1]",
      "UNROLLED | g[w + 5] += x1 * d1          | g[w + 5] += 2 * x1 * d1",
      "GEMM     | gy[j] *= y[j] * (1f - y[j])  | gy[j] *= y[j]",
      "GEMM     | g[DENSE_1_BIAS + j] += gy[yo + j] | g[DENSE_1_BIAS + j] += 2 * gy[yo + j]"})
  void finiteDifferencesCatchAWrongKernel(KernelPolicy policy, String correct, String wrong) {
    String source = """
        network Mutant {
          input x: float[3];
          dense(4, activation: sigmoid);
          dense(2);
          loss mse;
        }
        """;
    Nets.Built built = Nets.compile(source, policy);
    String code = built.code();
    assertTrue(code.contains(correct), "generated code no longer contains " + correct + ":\n" + code);
    String name = built.sources().get(0).qualifiedName();
    Model model;
    try {
      model = (Model) InMemoryJavac.compile(Map.of(name, code.replace(correct, wrong))).load(name)
          .getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    GradCheck.Report report = GradCheck.withData(model, 3, 1e-2, 1, KernelEquivalenceTest::fill);
    assertTrue(report.worst() > 1e-2, "a wrong kernel went unnoticed (tolerance 1e-3):\n" + report);
  }

  /** Inputs with |x| in [0.2, 1.5], initialized parameters plus N(0, 0.1²) noise, Gaussian targets. */
  private static void fill(Random random, float[] x, float[] t, Model m) {
    for (int i = 0; i < x.length; i++) {
      float mag = 0.2f + 1.3f * random.nextFloat();
      x[i] = random.nextBoolean() ? mag : -mag;
    }
    float[] p = m.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.1 * random.nextGaussian());
    }
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) random.nextGaussian();
    }
  }

  private static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }

  /** Every element within {@link #TOLERANCE} of the largest magnitude in {@code expected} (at least 1). */
  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 1;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(expected[i] - actual[i]);
      if (!(diff <= TOLERANCE * scale)) {
        throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", Gemm gives " + expected[i]
            + " (diff " + diff + ", allowed " + TOLERANCE * scale + ")");
      }
    }
  }
}
