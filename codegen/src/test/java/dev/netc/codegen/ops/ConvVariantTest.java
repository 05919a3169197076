package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.plan.KernelDecision;
import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolution variants: the plan picks pointwise for a 1x1 window at stride 1 without padding
 * and im2col otherwise, records the choice, and lays out only the chosen variant's workspace; a
 * variant forced through {@link KernelPolicy} computes what the automatic one computes (outputs,
 * loss, parameter and input gradients to float rounding, the summation orders differing) and
 * passes the finite-difference check on its own.
 */
@FiniteDifferenceTests
class ConvVariantTest {
  /** Float rounding over at most a few hundred terms, relative to the largest value compared. */
  static final double TOLERANCE = 1e-5;

  /** Layers on an input, each exercising a different path of the variants. */
  static final String[][] LAYERS = {
      {"conv2d(3, kernel: 3, activation: relu)", "2, 6, 6"},
      {"conv2d(3, kernel: 3, stride: 2, padding: same, activation: gelu)", "2, 7, 7"},
      {"conv2d(2, kernel: [3, 2], dilation: [1, 2], padding: [1, 2], bias: false)", "2, 5, 6"},
      {"conv2d(4, kernel: 1, activation: silu)", "3, 4, 4"},
      {"conv2d(4, kernel: 1, stride: 2)", "3, 5, 5"},
      {"conv2d(3, kernel: 2, activation: tanh); conv2d(2, kernel: 1, bias: false)", "2, 5, 5"},
      {"conv1d(3, kernel: 3, stride: 2, padding: same, activation: elu)", "2, 9"},
      {"conv1d(4, kernel: 1)", "3, 6"},
      // one filter, channel and tap: every loop over them is left out
      {"conv2d(1, kernel: 1, activation: tanh)", "1, 3, 3"},
      {"conv2d(1, kernel: 3)", "1, 4, 4"},
      // one output row over a padded input: a padding row's continue leaves the example loop's body
      {"conv2d(2, kernel: 1, stride: 3, padding: 1)", "1, 1, 4"},
      // channel groups: one product (im2col) or one block of loops (direct) per group
      {"conv2d(6, kernel: 3, stride: 2, padding: 1, groups: 2, activation: tanh)", "4, 7, 7"},
      {"conv2d(4, kernel: 3, padding: same, groups: 4)", "4, 5, 5"},
      {"conv2d(6, kernel: 1, groups: 3)", "3, 4, 4"},
      {"conv1d(4, kernel: 3, groups: 2, bias: false)", "2, 8"},
      // im2col's col is 72 x 900 floats per example, so it runs one example per chunk: batch 3 is
      // three chunks, and backward redoes each chunk's im2col
      {"conv2d(2, kernel: 3, padding: same, activation: tanh)", "8, 30, 30"},
  };

  static String net(String layers, String input) {
    return """
        network Variants {
          input x: float[%s];
          %s;
          flatten;
          dense(3);
          loss mse;
        }
        """.formatted(input, layers);
  }

  static Stream<Arguments> cases() {
    return Stream.of(KernelPolicy.IM2COL, KernelPolicy.POINTWISE, KernelPolicy.DIRECT)
        .flatMap(p -> Arrays.stream(LAYERS).map(l -> Arguments.of(p, l[0], l[1])));
  }

  private static List<KernelDecision> plan(String source, KernelPolicy policy) {
    return Nets.generate("Variants.net", source, ImportResolver.NONE, policy).plans().get(0).decisions();
  }

  @Test
  void groupedLayersGetIm2colAndAreReportedWithTheProductOfOneGroup() {
    String source = net("conv2d(4, kernel: 3, padding: same, groups: 4); conv2d(8, kernel: 3, groups: 2);"
        + " conv2d(4, kernel: 1, groups: 2); conv_transpose2d(2, kernel: 2, stride: 2)", "4, 8, 8");
    List<KernelDecision> d = plan(source, KernelPolicy.AUTO);
    assertEquals(List.of("im2col (window 3x3, padded, depthwise)", "im2col (window 3x3, 2 groups)",
        "im2col (window 1x1, 2 groups)", "gemm (transposed convolution: one product and a col2im)",
        "gemm (864 MACs)"), d.stream().map(KernelDecision::cell).toList());
    assertEquals("conv2d_1 (conv2d 3x3 4 groups, 9x1 on 64 rows): im2col (window 3x3, padded, depthwise)",
        d.get(0).reportLine());
    assertEquals("conv2d_2 (conv2d 3x3 2 groups, 18x4 on 36 rows): im2col (window 3x3, 2 groups)",
        d.get(1).reportLine());
    assertEquals("im2col (window 1x1, 2 groups, not pointwise)", plan(source, KernelPolicy.POINTWISE).get(2).cell());
    assertEquals("forced", plan(source, KernelPolicy.DIRECT).get(0).reason());
    assertEquals("im2col (window 3x3, stride 2, padded, not stride 1)",
        plan(net("conv2d(4, kernel: 3, stride: 2, padding: same)", "4, 8, 8"), KernelPolicy.DIRECT).get(0).cell(),
        "the direct kernel slides at stride 1 only");
  }

  @Test
  void thePlanChoosesPointwiseOnlyWhereTheInputIsTheMatrix() {
    List<KernelDecision> d = plan(net("conv2d(4, kernel: 1); conv2d(4, kernel: 3); conv2d(4, kernel: 1, stride: 2);"
        + " conv2d(4, kernel: 1, padding: 1)", "2, 9, 9"), KernelPolicy.AUTO);
    assertEquals(List.of("pointwise (window 1x1)", "direct (window 3x3)", "im2col (window 1x1, stride 2)",
        "direct (window 1x1, padded)", "gemm (432 MACs)"), d.stream().map(KernelDecision::cell).toList());
    assertEquals("conv2d_2 (conv2d 3x3, 36x4 on 49 rows): direct (window 3x3)", d.get(1).reportLine());
    assertEquals("im2col (window 3x3)", plan(net("conv2d(2, kernel: 3)", "2, 5, 5"), KernelPolicy.AUTO).get(0).cell(),
        "a 3x3 output (9 positions) is less than one vector for the direct kernel");
    assertEquals("direct (window 3x3, padded)",
        plan(net("conv2d(2, kernel: 3, padding: same)", "2, 4, 4"), KernelPolicy.AUTO).get(0).cell());
    assertEquals("pointwise (window 1)", plan(net("conv1d(4, kernel: 1)", "3, 6"), KernelPolicy.AUTO).get(0).cell());
    assertEquals("im2col (window 3, stride 2, padded)",
        plan(net("conv1d(4, kernel: 3, stride: 2, padding: same)", "3, 6"), KernelPolicy.AUTO).get(0).cell());
  }

  @Test
  void theChoiceShowsInTheSummaryTheJavadocAndTheReport() {
    CompileResult result = Nets.generate("Variants.net", net("conv2d(4, kernel: 1); conv2d(4, kernel: 3)", "2, 6, 6"));
    assertEquals(List.of("Variants.conv2d_1 (conv2d 1x1, 2x4 on 36 rows): pointwise (window 1x1)",
        "Variants.conv2d_2 (conv2d 3x3, 36x4 on 16 rows): direct (window 3x3)",
        "Variants.dense_1 (dense, 64x3): gemm (192 MACs)"), result.kernelReport());
    String code = result.sources().get(0).code();
    assertTrue(code.matches("(?s).*conv2d_1 +conv2d 1x1 .* pointwise \\(window 1x1\\)\\n.*"), code);
    assertTrue(code.contains("float[2, 6, 6] -> float[4, 6, 6], conv2d 1x1; kernel pointwise (window 1x1)."), code);
    assertTrue(code.contains("gradient float[4, 4, 4] -> float[4, 6, 6]; kernel direct (window 3x3)."), code);
  }

  @Test
  void aForcedVariantAppliesWhereTheWindowAllowsIt() {
    String source = net("conv2d(4, kernel: 1); conv2d(4, kernel: 3)", "2, 6, 6");
    List<KernelDecision> pointwise = plan(source, KernelPolicy.POINTWISE);
    assertEquals("pointwise (forced)", pointwise.get(0).cell());
    assertEquals("im2col (window 3x3, not pointwise)", pointwise.get(1).cell());
    for (KernelPolicy policy : List.of(KernelPolicy.IM2COL, KernelPolicy.DIRECT)) {
      List<KernelDecision> d = plan(source, policy);
      assertEquals(policy.forced().label() + " (forced)", d.get(0).cell());
      assertEquals(policy.forced().label() + " (forced)", d.get(1).cell());
      assertEquals("gemm (192 MACs)", d.get(2).cell(), "dense keeps its automatic kernel");
    }
    assertEquals("direct (window 3x3)", plan(source, KernelPolicy.GEMM).get(1).cell(),
        "a dense kernel forced does not reach a convolution");
  }

  @Test
  void onlyTheChosenVariantsWorkspaceIsLaidOut() {
    String source = net("conv2d(4, kernel: 1, activation: gelu); conv2d(4, kernel: 3)", "2, 6, 6");
    String auto = Nets.generate("Variants.net", source).sources().get(0).code();
    assertFalse(auto.contains("COL_CONV2D_1"), "pointwise needs no col");
    assertTrue(auto.contains("PRE_CONV2D_1") && auto.contains("COL_CONV2D_2") && auto.contains("YT_CONV2D_2"), auto);
    String im2col = Nets.generate("Variants.net", source, ImportResolver.NONE, KernelPolicy.IM2COL).sources().get(0).code();
    assertTrue(im2col.contains("COL_CONV2D_1") && im2col.contains("YT_CONV2D_1"), im2col);
    String direct = Nets.generate("Variants.net", source, ImportResolver.NONE, KernelPolicy.DIRECT).sources().get(0).code();
    assertTrue(direct.contains("PRE_CONV2D_1") && direct.contains("WIDE_CONV2D_2")
        && direct.contains("DirectConvolution.forward("), direct);
    assertFalse(direct.contains("XP_CONV2D"), "no padding, no padded copy: " + direct);
    assertTrue(direct.contains("COL_CONV2D_2"), "backward is im2col's: " + direct);
    String padded = Nets.generate("Variants.net", net("conv2d(4, kernel: 3, padding: same)", "2, 6, 6")).sources()
        .get(0).code();
    assertTrue(padded.contains("XP_CONV2D_1") && padded.contains("DirectConvolution.pad("), padded);
  }

  @ParameterizedTest(name = "{0} {1} on [{2}]")
  @MethodSource("cases")
  void sameOutputsAndGradientsAsTheAutomaticVariant(KernelPolicy policy, String layers, String input) {
    String source = net(layers, input);
    Nets.Built auto = Nets.compile(source, KernelPolicy.AUTO);
    Nets.Built forced = Nets.compile(source, policy);
    for (int batch : new int[] {1, 3}) {
      Model reference = auto.model();
      Model model = forced.model();
      reference.initialize(5);
      Random random = new Random(batch);
      float[] p = reference.parameters();
      for (int i = 0; i < p.length; i++) {
        p[i] += (float) (0.1 * random.nextGaussian()); // biases not zero
      }
      System.arraycopy(p, 0, model.parameters(), 0, p.length);
      float[] x = gaussian(random, batch * model.inputSize());
      float[] t = gaussian(random, batch * model.targetSize());
      String what = policy + " " + layers + " batch " + batch;

      Workspace rws = reference.newWorkspace(batch);
      Workspace ws = model.newWorkspace(batch);
      float[] rout = new float[batch * model.outputSize()];
      float[] out = new float[rout.length];
      reference.forward(rws, x, rout, batch, false);
      model.forward(ws, x, out, batch, false);
      assertClose(rout, out, what + " output");
      double rloss = reference.computeGradients(rws, x, t, batch, true);
      double loss = model.computeGradients(ws, x, t, batch, true);
      assertEquals(rloss, loss, TOLERANCE * Math.max(1, Math.abs(rloss)), what + " loss");
      assertClose(rws.gradients(), ws.gradients(), what + " parameter gradients");
      assertClose(Arrays.copyOf(rws.inputGradient(), x.length), Arrays.copyOf(ws.inputGradient(), x.length),
          what + " input gradient");
    }
  }

  @ParameterizedTest(name = "{0} {1} on [{2}]")
  @MethodSource("cases")
  void passesFiniteDifferenceCheck(KernelPolicy policy, String layers, String input) {
    Model model = Nets.compile(net(layers, input), policy).model();
    GradCheck.Report report = GradCheck.withData(model, ConvGradientCheckTest.BATCH, ConvGradientCheckTest.H, 1,
        ConvGradientCheckTest::fill);
    assertTrue(report.worst() <= ConvGradientCheckTest.TOLERANCE, policy + " " + layers + ":\n" + report);
  }

  private static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }

  /** Every element within {@link #TOLERANCE} of the largest magnitude in {@code expected} (at least 1). */
  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 1;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], TOLERANCE * scale, what + " [" + i + "]");
    }
  }
}
