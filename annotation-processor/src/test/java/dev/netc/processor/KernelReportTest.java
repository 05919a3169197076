package dev.netc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code -Anetc.report=true} prints the cost model's kernel decision per layer as a javac note, and only then. */
class KernelReportTest {
  static final JavaFileObject XOR = Sources.java("Xor", """
      @Network(loss = Loss.MSE)
      interface Xor {
        @Input(2) Layer x();
        @Dense(units = 4, activation = Activation.TANH) Layer hidden();
        @Dense(units = 1, activation = Activation.SIGMOID) Layer out();
      }
      """);

  @Test
  void reportOptionPrintsOneNotePerLayer() {
    Compilation c = Compiler.javac().withProcessors(new NetworkProcessor())
        .withOptions("-Anetc.report=true").compile(XOR);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).hadNoteContaining("netc: kernel XorModel.hidden (dense + tanh, 2x4): unrolled (8 MACs)");
    assertThat(c).hadNoteContaining("netc: kernel XorModel.out (dense + sigmoid, 4x1): unrolled (4 MACs)");
  }

  @Test
  void silentByDefault() {
    Compilation c = Sources.compile(XOR);
    assertThat(c).succeededWithoutWarnings();
    assertTrue(c.notes().stream().noneMatch(n -> n.getMessage(Locale.ROOT).contains("netc: kernel")),
        c.notes().toString());
  }
}
