package dev.netc.runtime.kernels;

/**
 * Decides once whether the SIMD kernels can run: the incubating {@code jdk.incubator.vector}
 * module must be in the boot layer (the JVM was started with {@code --add-modules
 * jdk.incubator.vector}) and {@code netc.simd} must not be {@code false}. Without the module a
 * plain {@code java -jar} still works on the scalar kernels.
 */
final class VectorSupport {
  private VectorSupport() {}

  static boolean available() {
    if ("false".equalsIgnoreCase(System.getProperty("netc.simd", "true"))) {
      return false;
    }
    Module vector = bootLayerModule("jdk.incubator.vector");
    if (vector == null) {
      return false;
    }
    // The module descriptor of dev.netc.runtime does not name the incubator module (a requires,
    // even static, makes javac warn about incubating modules in every module compiled against
    // the runtime), so the runtime reads it from here on; a no-op on the class path.
    VectorSupport.class.getModule().addReads(vector);
    try {
      // Loads the vector classes now, so a broken setup falls back instead of failing mid-step.
      return VectorGemm.lanes() > 1;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  /**
   * Why the scalar kernels run, as one line for System.err, or null when {@code -Dnetc.simd=false}
   * chose them (nothing to tell). Only called when {@link #available()} said no. String constants
   * only: no concatenation that would link invokedynamic on the first product.
   */
  static String whyScalar() {
    if ("false".equalsIgnoreCase(System.getProperty("netc.simd", "true"))) {
      return null;
    }
    if (bootLayerModule("jdk.incubator.vector") == null) {
      return "netc: the JVM was started without --add-modules jdk.incubator.vector, so matrix"
          + " products run on the scalar kernels, about 10x slower on large layers; add"
          + " --add-modules jdk.incubator.vector to the java command for the SIMD kernels"
          + " (-Dnetc.simd=false chooses the scalar kernels and silences this line)";
    }
    return "netc: jdk.incubator.vector is present but its vector classes failed to load, so matrix"
        + " products run on the scalar kernels, about 10x slower on large layers"
        + " (-Dnetc.simd=false chooses the scalar kernels and silences this line)";
  }

  /**
   * A plain loop rather than {@code ModuleLayer.findModule}, whose miss path streams over the
   * parent layers: the first lambdas of a JVM cost milliseconds of a cold start.
   */
  private static Module bootLayerModule(String name) {
    for (Module m : ModuleLayer.boot().modules()) {
      if (name.equals(m.getName())) {
        return m;
      }
    }
    return null;
  }
}
