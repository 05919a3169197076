package dev.netc.codegen.plan;
import dev.netc.codegen.ops.Kernel;
import dev.netc.codegen.ops.MatmulShape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.testing.Nets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the cost model decides, and where the decisions are reported. */
class CostModelTest {
  static final String XOR = """
      network Xor {
        input x: float[2];
        dense(4, activation: tanh);
        dense(1, activation: sigmoid);
        loss mse;
      }
      """;

  static final String MLP = """
      network Mlp {
        input image: float[28, 28];
        flatten;
        dense(128, activation: relu);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  private static KernelPlan plan(String source, KernelPolicy policy) {
    return Nets.generate("Test.net", source, ImportResolver.NONE, policy).plans().get(0);
  }

  @Test
  void xorSizedLayersAreUnrolled() {
    List<KernelDecision> d = plan(XOR, KernelPolicy.AUTO).decisions();
    assertEquals(2, d.size());
    assertEquals(Kernel.UNROLLED, d.get(0).kernel(), d.get(0).reportLine());
    assertEquals(Kernel.UNROLLED, d.get(1).kernel(), d.get(1).reportLine());
    assertEquals("unrolled (8 MACs)", d.get(0).cell());
    assertEquals("dense_1 (dense + tanh, 2x4): unrolled (8 MACs)", d.get(0).reportLine());
  }

  @Test
  void mnistSizedLayerUsesGemm() {
    KernelDecision first = plan(MLP, KernelPolicy.AUTO).decisions().get(0);
    assertEquals(new MatmulShape(1, 784, 128), first.shape());
    assertEquals(Kernel.GEMM, first.kernel());
    assertEquals("gemm (100352 MACs)", first.cell());
  }

  @Test
  void measuredCrossovers() {
    assertEquals(Kernel.UNROLLED, CostModel.auto(new MatmulShape(1, 8, 8)));
    assertEquals(Kernel.GEMM, CostModel.auto(new MatmulShape(1, 8, 9)));
    assertEquals(Kernel.GEMM, CostModel.auto(new MatmulShape(1, 1, 65)));
    assertEquals(Kernel.UNROLLED, CostModel.auto(new MatmulShape(20, 4, 4)), "many rows: 4x4 still unrolled");
    assertEquals(Kernel.GEMM, CostModel.auto(new MatmulShape(20, 8, 8)), "many rows: Gemm from 8x8");
  }

  @Test
  void thresholdsAreOrderedAndUnrolledFitsTheBytecodeBudget() {
    assertTrue(CostModel.UNROLLED_MAX_MACS_MANY_ROWS <= CostModel.UNROLLED_MAX_MACS);
    assertEquals(Kernel.GEMM, CostModel.auto(new MatmulShape(1, 1, (int) CostModel.UNROLLED_MAX_MACS + 1)));
    // auto never asks for unrolled code the budget does not allow, whatever the aspect ratio
    for (int in = 1; in <= CostModel.UNROLLED_MAX_MACS; in++) {
      MatmulShape s = new MatmulShape(1, in, (int) (CostModel.UNROLLED_MAX_MACS / in));
      if (CostModel.auto(s) == Kernel.UNROLLED) {
        assertTrue(CostModel.unrollable(s), s.toString());
      }
    }
  }

  @Test
  void forcingAppliesToEveryDenseLayerButNeverUnrollsTooMuch() {
    for (KernelDecision d : plan(MLP, KernelPolicy.GEMM).decisions()) {
      assertEquals(Kernel.GEMM, d.kernel());
      assertEquals("forced", d.reason());
    }
    List<KernelDecision> unrolled = plan(MLP, KernelPolicy.UNROLLED).decisions();
    assertEquals(Kernel.GEMM, unrolled.get(0).kernel());
    assertEquals("too large to unroll", unrolled.get(0).reason());
    assertEquals(Kernel.UNROLLED, plan(XOR, KernelPolicy.UNROLLED).decisions().get(0).kernel());
  }

  @Test
  void convolutionsGetTheirVariantAndRecurrentLayersKeepGemmWithTheReason() {
    List<KernelDecision> d = plan("""
        network Mixed {
          input x: float[1, 8, 8];
          conv2d(4, kernel: 3, activation: relu);
          reshape([4, 36]);
          lstm(6, sequences: true);
          time_dense(3);
          flatten;
          dense(2);
          loss mse;
        }
        """, KernelPolicy.AUTO).decisions();
    assertEquals(List.of("conv2d_1", "lstm_1", "time_dense_1", "dense_1"),
        d.stream().map(KernelDecision::layer).toList());
    assertEquals(Kernel.DIRECT, d.get(0).kernel());
    assertEquals("conv2d_1 (conv2d 3x3 + relu, 9x4 on 36 rows): direct (window 3x3)", d.get(0).reportLine());
    assertEquals("gemm (per-step gates)", d.get(1).cell());
    assertEquals(new MatmulShape(4, 6, 3), d.get(2).shape());
    // four rows per example: the many-rows threshold (16 MACs) applies
    assertEquals("time_dense_1 (time_dense, 6x3 on 4 rows): gemm (18 MACs)", d.get(2).reportLine());
  }

  @Test
  void decisionsAreReportedInTheSummaryTheJavadocAndTheResult() {
    CompileResult result = Nets.generate("Xor.net", XOR, ImportResolver.NONE, KernelPolicy.AUTO);
    assertEquals(List.of("Xor.dense_1 (dense + tanh, 2x4): unrolled (8 MACs)",
        "Xor.dense_2 (dense + sigmoid, 4x1): unrolled (4 MACs)"), result.kernelReport());
    String code = result.sources().get(0).code();
    assertTrue(code.matches("(?s).*layer +op +output +parameters +FLOPs +kernel\\n.*"), code);
    assertTrue(code.matches("(?s).*dense_1 +dense \\+ tanh .* unrolled \\(8 MACs\\)\\n.*"), code);
    assertTrue(code.contains("forward: float[2] -> float[4], dense + tanh; kernel unrolled (8 MACs)."), code);
    // weights are read from the parameter array, never written into the code
    assertTrue(code.contains("p[w + 7]"), code);
    assertFalse(code.contains("Gemm"), code);
  }

  @Test
  void gemmPlanWritesTheKernelCalls() {
    String code = Nets.generate("Xor.net", XOR, ImportResolver.NONE, KernelPolicy.GEMM).sources().get(0).code();
    assertTrue(code.contains("Gemm.nn(batch, 4, 2, x, 0, 2, p, DENSE_1_WEIGHT, 4, y, 0, 4, true)"), code);
    assertNotEquals(-1, code.indexOf("gemm (forced)"));
  }

  @Test
  void policyParsesItsLabels() {
    for (Kernel k : Kernel.values()) {
      assertEquals(k, KernelPolicy.parse(k.label()).forced());
    }
    assertEquals(KernelPolicy.AUTO, KernelPolicy.parse(" Auto "));
  }
}
