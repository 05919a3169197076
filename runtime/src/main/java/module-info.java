/**
 * The netc runtime: the base class, kernels, optimizers, training loop, data loading and model
 * files that generated network classes call. It depends on nothing but the JDK.
 *
 * <p>The generated classes live in the application's own module and need only {@code requires
 * dev.netc.runtime}: they call the runtime's public API ({@code kernels} included) and the runtime
 * never reflects on them, so the application opens nothing to it.
 *
 * <p>The SIMD kernels use the incubating Vector API, which this descriptor deliberately does not
 * name: even {@code requires static} would make javac warn about an incubating module in every
 * module compiled against the runtime. An application (or a {@code jlink} image) started without
 * {@code jdk.incubator.vector} runs on the scalar kernels; one started with {@code --add-modules
 * jdk.incubator.vector} (and, for jlink, an image that includes it) gets the SIMD ones: the
 * kernels make the runtime read the module when they find it in the boot layer.
 */
module dev.netc.runtime {
  // Every generated class carries @javax.annotation.processing.Generated (source retention), so
  // the module compiling it must read java.compiler; this lends that to every module requiring
  // the runtime, at compile time only: static keeps java.compiler out of run time and jlink images.
  requires static transitive java.compiler;

  exports dev.netc.runtime;
  exports dev.netc.runtime.data;
  exports dev.netc.runtime.io;
  exports dev.netc.runtime.kernels;
  exports dev.netc.runtime.optim;
  exports dev.netc.runtime.train;
}
