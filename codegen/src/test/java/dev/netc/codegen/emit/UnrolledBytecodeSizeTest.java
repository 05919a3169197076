package dev.netc.codegen.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.plan.CostModel;
import dev.netc.codegen.ops.Kernel;
import dev.netc.codegen.plan.KernelDecision;
import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.codegen.ops.MatmulShape;
import dev.netc.codegen.testing.Nets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unrolled layers at the largest size the cost model allows still compile to methods under
 * HotSpot's 8,000-byte limit (past which the JIT never compiles them), for every aspect ratio:
 * for each input width the widest layer {@link CostModel#unrollable} accepts, with bias, an
 * activation that keeps its pre-activation and an input gradient that is always written. The
 * estimate the model uses must be an upper bound of what javac produces.
 */
class UnrolledBytecodeSizeTest {

  @ParameterizedTest(name = "in {0}")
  @ValueSource(ints = {1, 2, 4, 8, 12, 16, 32, 64, 128})
  void largestUnrollableLayerStaysUnderHugeMethodLimit(int in) {
    int out = widestUnrollable(in);
    if (out == 0) {
      assertFalse(CostModel.unrollable(new MatmulShape(1, in, 1)), "in " + in);
      return;
    }
    assertFalse(CostModel.unrollable(new MatmulShape(1, in, out + 1)));
    // the layer under test takes a hidden layer's output: its input gradient is always written
    String source = """
        network Big {
          input x: float[4];
          h = dense(%d, activation: tanh);
          dense(h, %d, activation: gelu);
          loss mse;
        }
        """.formatted(in, out);
    Nets.Built built = Nets.compile(source, KernelPolicy.UNROLLED);
    KernelDecision layer = built.result().plans().get(0).decisions().get(1);
    assertEquals(Kernel.UNROLLED, layer.kernel(), layer.reportLine());
    List<BytecodeSizeTest.MethodSize> sizes = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : built.classes().classFiles().entrySet()) {
      sizes.addAll(BytecodeSizeTest.codeLengths(e.getKey(), e.getValue()));
    }
    int forward = size(sizes, "dense1Forward");
    int backward = size(sizes, "dense1Backward");
    long estimate = CostModel.unrolledBackwardBytes(new MatmulShape(1, in, out));
    System.out.printf("unrolled %dx%d: forward %d B, backward %d B, estimate %d B%n", in, out, forward,
        backward, estimate);
    assertTrue(backward <= estimate, "the estimate must bound the backward method: " + backward + " > " + estimate);
    assertTrue(forward <= backward, "backward is the larger method");
    assertTrue(backward < BytecodeSizeTest.HUGE_METHOD_LIMIT, backward + " bytes");
  }

  private static int widestUnrollable(int in) {
    int out = 0;
    while (CostModel.unrollable(new MatmulShape(1, in, out + 1))) {
      out++;
    }
    return out;
  }

  private static int size(List<BytecodeSizeTest.MethodSize> sizes, String method) {
    return sizes.stream().filter(m -> m.name().equals(method)).findFirst()
        .orElseThrow(() -> new AssertionError("no method " + method + " in " + sizes))
        .codeLength();
  }
}
