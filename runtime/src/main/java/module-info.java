/**
 * The netc runtime: the base class, kernels, optimizers, training loop, data loading and model
 * files that generated network classes call. It depends on nothing but the JDK.
 *
 * <p>The generated classes live in the application's own module and need only {@code requires
 * dev.netc.runtime}: they call the runtime's public API ({@code kernels} included) and the runtime
 * never reflects on them, so the application opens nothing to it.
 *
 * <p>The SIMD kernels use the incubating Vector API; {@code requires static} keeps it optional, so
 * an application (or a {@code jlink} image) without {@code jdk.incubator.vector} runs on the scalar
 * kernels, and one started with {@code --add-modules jdk.incubator.vector} gets the SIMD ones.
 */
module dev.netc.runtime {
  requires static jdk.incubator.vector;

  exports dev.netc.runtime;
  exports dev.netc.runtime.data;
  exports dev.netc.runtime.io;
  exports dev.netc.runtime.kernels;
  exports dev.netc.runtime.optim;
  exports dev.netc.runtime.train;
}
