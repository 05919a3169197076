package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.codegen.testing.NetFixture;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorch fixtures of dense, time_dense and convolution again with the kernel the cost model
 * does not pick for such small layers forced: {@code gemm} for the dense products (the fixtures
 * are small enough to be unrolled), {@code im2col} and {@code direct} for every convolution. So
 * each kernel's forward and backward code, with every fused activation, meets PyTorch directly.
 */
class NetReferenceKernelsTest {

  static Stream<Arguments> cases() {
    List<String> all = NetFixture.all().toList();
    Stream<Arguments> dense = all.stream()
        .filter(f -> f.startsWith("ops/dense_") || f.startsWith("ops/time_dense_"))
        .map(f -> Arguments.of(f, KernelPolicy.GEMM));
    Stream<Arguments> conv = all.stream().filter(f -> f.startsWith("conv/conv"))
        .flatMap(f -> Stream.of(Arguments.of(f, KernelPolicy.IM2COL), Arguments.of(f, KernelPolicy.DIRECT)));
    List<Arguments> cases = Stream.concat(dense, conv).toList();
    assertTrue(cases.size() >= 20, "fixtures found for forced kernels: " + cases.size());
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void agreesWithReferenceUnderForcedKernel(String file, KernelPolicy kernels) {
    System.out.print(NetFixture.load(file).check(kernels));
  }
}
