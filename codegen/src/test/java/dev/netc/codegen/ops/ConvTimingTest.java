package dev.netc.codegen.ops;

import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.codegen.testing.StepTiming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a measurement, run on demand with {@code -Dnetc.timing=true} (pin to one core with
 * {@code taskset -c 0}). Prints the time of one training step's forward + backward pass (no
 * optimizer) of the fashion-cnn network for a batch of 32 with its convolutions forced to each
 * variant, and the implied epoch time for 60,000 images, and the same for a depthwise layer. No
 * timed assertion.
 */
@EnabledIfSystemProperty(named = "netc.timing", matches = "true")
class ConvTimingTest {
  static final String CNN = """
      network Cnn {
        input image: float[1, 28, 28];
        conv2d(32, kernel: 3, activation: relu);
        maxpool(2);
        conv2d(64, kernel: 3, activation: relu);
        maxpool(2);
        flatten;
        dense(128, activation: relu);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  /** A depthwise layer (one channel per group) with little around it: what decides its variant. */
  static final String DEPTHWISE = """
      network Depthwise {
        input x: float[32, 14, 14];
        conv2d(32, kernel: 3, padding: same, groups: 32, activation: relu);
        flatten;
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void depthwiseIm2colAgainstDirect() {
    StepTiming.print("depthwise 32x14x14 im2col", DEPTHWISE, KernelPolicy.IM2COL);
    StepTiming.print("depthwise 32x14x14 direct", DEPTHWISE, KernelPolicy.DIRECT);
  }

  @Test
  void im2colAndMatmul() {
    time("im2col + matmul", KernelPolicy.IM2COL);
  }

  @Test
  void directLoops() {
    time("direct loops", KernelPolicy.DIRECT);
  }

  static void time(String strategy, KernelPolicy kernels) {
    StepTiming.print("fashion-cnn " + strategy, CNN, kernels);
  }
}
