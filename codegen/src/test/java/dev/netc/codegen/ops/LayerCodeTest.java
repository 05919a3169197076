package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.base.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerCodeTest {

  private static LayerCode code(boolean accumulate) {
    return new LayerCode("dense_1", Shape.of(4), Shape.of(3), new Args(Map.of(), Map.of(), null),
        Map.of("weight", "DENSE_1_WEIGHT", "bias", "DENSE_1_BIAS"), accumulate, false, Kernel.GEMM);
  }

  @Test
  void gemmRendersTheRuntimeSignatureInOrder() {
    LayerCode c = code(false);
    c.gemm(GemmCall.nn("batch", 3, 4).a("x", 0, 4).b("p", c.param("weight"), 3).c("y", 0, 3).accumulate(true));
    assertEquals("dev.netc.runtime.kernels.Gemm.nn(batch, 3, 4, x, 0, 4, p, DENSE_1_WEIGHT, 3, y, 0, 3, true);\n",
        c.build().toString());
  }

  @Test
  void gemmTakesIndicesAndARunTimeAccumulateFlag() {
    LayerCode c = code(false);
    Index rows = Index.var("batch").times(5);
    c.gemm(GemmCall.tn(4, 3, rows).a("x", Index.var("b").times(1), 4).b("gy", 0, 3).c("g", "W", 3)
        .accumulate("acc"));
    assertEquals("dev.netc.runtime.kernels.Gemm.tn(4, 3, batch * 5, x, b, 4, gy, 0, 3, g, W, 3, acc);\n",
        c.build().toString());
  }

  @Test
  void anIncompleteGemmIsRefused() {
    assertThrows(IllegalStateException.class, () -> GemmCall.nt(1, 2, 3).a("x", 0, 3).render());
  }

  @Test
  void fillAndCopyImportTheirTypes() {
    LayerCode c = code(false);
    c.zero("gx", 0, Index.var("batch").times(4)).copy("p", c.param("bias"), "y", Index.var("b").times(3), 3);
    String source = JavaFile.builder("demo", TypeSpec.classBuilder("Demo")
        .addMethod(MethodSpec.methodBuilder("m").addCode(c.build()).build()).build()).build().toString();
    assertEquals(true, source.contains("import java.util.Arrays;"), source);
    assertEquals(true, source.contains("    Arrays.fill(gx, 0, batch * 4, 0f);\n"), source);
    assertEquals(true, source.contains("    System.arraycopy(p, DENSE_1_BIAS, y, b * 3, 3);\n"), source);
  }

  @Test
  void aLoopOfOneIterationIsItsBodyWithTheStartValue() {
    LayerCode c = code(false);
    c.loop("ch", 1, ch -> c.statement("int i = $L", Index.var("b").times(9).plus(ch.times(9))));
    assertEquals("int i = b * 9;\n", c.build().toString());
  }

  @Test
  void aRangeOfOneIsFoldedToo() {
    LayerCode c = code(false);
    Index start = Index.var("b").times(16).plus("ch");
    c.loop("k", start, start.plus(1), k -> c.statement("sum += x[$L]", k));
    assertEquals("sum += x[b * 16 + ch];\n", c.build().toString());
  }

  @Test
  void longerLoopsAreWritten() {
    LayerCode c = code(false);
    Loop oy = c.beginLoop("oy", 13);
    c.statement("int iy = $L", oy.index().times(2).minus(0));
    c.end(oy);
    c.loop("j", Index.var("yo"), Index.var("yo").plus(3), j -> c.statement("y[$L] = 0f", j));
    assertEquals("for (int oy = 0; oy < 13; oy++) {\n  int iy = oy * 2;\n}\n"
        + "for (int j = yo; j < yo + 3; j++) {\n  y[j] = 0f;\n}\n", c.build().toString());
  }

  @Test
  void activationKeepsItsInputWhenTheDerivativeNeedsIt() {
    LayerCode c = code(false);
    c.activate(Activation.GELU, 0, 0, Index.var("batch").times(3));
    assertEquals("for (int j = 0; j < batch * 3; j++) {\n  pre[j] = y[j];\n"
        + "  y[j] = dev.netc.runtime.Activations.gelu(y[j]);\n}\n", c.build().toString());
  }

  @Test
  void activationGradientUsesTheOutputWhereThatIsExact() {
    LayerCode c = code(false);
    c.activationGradient(Activation.SIGMOID, 0, "yo", Index.var("yo").plus(3));
    assertEquals("// through the sigmoid: gy becomes the gradient of the pre-activation\n"
        + "for (int j = yo; j < yo + 3; j++) {\n  gy[j] *= y[j] * (1f - y[j]);\n}\n", c.build().toString());
  }

  @Test
  void linearActivationWritesNothing() {
    LayerCode c = code(false);
    c.activate(Activation.LINEAR, 0, 0, 8).activationGradient(Activation.LINEAR, 0, 0, 8);
    assertEquals("", c.build().toString());
  }
}
