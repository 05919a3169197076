package dev.netc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.ClassRoots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-modules jdk.incubator.vector} the runtime says once, on System.err, that it
 * runs its scalar kernels and how to enable the SIMD ones; it is quiet when {@code
 * -Dnetc.simd=false} chose them, when the module is there, and until a product of real size runs.
 * Each case runs in a fresh JVM, since the choice is made once per JVM.
 */
class ScalarNoticeTest {
  private static final String NOTICE = "netc: the JVM was started without --add-modules jdk.incubator.vector,"
      + " so matrix products run on the scalar kernels, about 10x slower on large layers; add"
      + " --add-modules jdk.incubator.vector to the java command for the SIMD kernels"
      + " (-Dnetc.simd=false chooses the scalar kernels and silences this line)";

  /** Runs a few products in a fresh JVM: {@code large} ones (real work) or only small ones. */
  public static void main(String[] args) {
    int n = args[0].equals("large") ? 64 : 8;
    float[] a = new float[n * n];
    float[] c = new float[n * n];
    for (int i = 0; i < 3; i++) {
      Gemm.nn(n, n, n, a, 0, n, a, 0, n, c, 0, n, false);
      Gemm.tn(n, n, n, a, 0, n, a, 0, n, c, 0, n, false);
      Gemm.nt(n, n, n, a, 0, n, a, 0, n, c, 0, n, false);
    }
    System.out.println("simd " + Gemm.simd());
  }

  @Test
  void withoutTheVectorModuleOneLineSaysSoAtTheFirstRealProduct() throws Exception {
    assertEquals(List.of(NOTICE), run("large"));
  }

  @Test
  void smallProductsAnExplicitChoiceOrTheModuleKeepItQuiet() throws Exception {
    assertEquals(List.of(), run("small"));
    assertEquals(List.of(), run("large", "-Dnetc.simd=false"));
    List<String> withModule = run("large", "--add-modules", "jdk.incubator.vector");
    assertTrue(withModule.stream().noneMatch(l -> l.startsWith("netc:")), withModule.toString());
  }

  /** The stderr lines of a fresh JVM running {@link #main}, after checking it succeeded. */
  private static List<String> run(String size, String... jvmOptions) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-cp", ClassRoots.childClassPath(ScalarNoticeTest.class, Gemm.class),
        ScalarNoticeTest.class.getName(), size));
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), err);
    assertTrue(out.startsWith("simd "), out + err);
    List<String> lines = new ArrayList<>(err.lines().toList());
    lines.removeIf(l -> l.startsWith("WARNING: Using incubator modules"));
    return lines;
  }
}
