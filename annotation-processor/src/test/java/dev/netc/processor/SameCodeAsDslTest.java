package dev.netc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.SourceFile;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The same network written as a .net file and as an annotated interface generates the same class,
 * up to the class name and the source positions in comments.
 */
class SameCodeAsDslTest {

  @Test
  void xor() throws IOException {
    JavaFileObject java = Sources.java("Xor", """
        @Network(loss = Loss.MSE, optimizer = @Optimizer(value = Optimizers.SGD, lr = 0.5, momentum = 0.9))
        @Training(batch = 4, epochs = 500, seed = 7)
        interface Xor {
          @Input(2) Layer x();
          @Dense(units = 4, activation = Activation.TANH) Layer hidden();
          @Dense(units = 1, activation = Activation.SIGMOID) Layer out();
        }
        """);
    String net = """
        network Xor {
          input x: float[2];
          hidden = dense(4, activation: tanh);
          out = dense(1, activation: sigmoid);
          loss mse;
          optimizer sgd(lr: 0.5, momentum: 0.9);
          training { batch: 4; epochs: 500; seed: 7; }
        }
        """;
    assertSameCode(java, "Xor", net);
    // the comments point at the Java source: the @Dense of hidden() is on line 7, column 3
    String code = Sources.compile(java).generatedSourceFile("test.XorModel").orElseThrow()
        .getCharContent(true).toString();
    org.junit.jupiter.api.Assertions.assertTrue(code.contains("hidden (Xor.java:7:3)"), code);
    // written through the back end's one source generator, as every generated class
    org.junit.jupiter.api.Assertions.assertTrue(code.contains(
        "@Generated(\"dev.netc.codegen.NetcCompiler\")\npublic final class XorModel"), code);
  }

  @Test
  void huberLoss() throws IOException {
    // the annotation names the loss only: huber with its default delta of 1
    JavaFileObject java = Sources.java("Robust", """
        @Network(loss = Loss.HUBER, optimizer = @Optimizer(value = Optimizers.SGD, lr = 0.1))
        interface Robust {
          @Input(3) Layer x();
          @Dense(units = 2) Layer out();
        }
        """);
    String net = """
        network Robust {
          input x: float[3];
          out = dense(2);
          loss huber(delta: 1.0);
          optimizer sgd(lr: 0.1);
        }
        """;
    assertSameCode(java, "Robust", net);
  }

  @Test
  void fashionMlp() throws IOException {
    // the members in another order than the .net file writes them: layer order is method order
    JavaFileObject java = Sources.java("FashionMlp", """
        @Training(batch = 32, epochs = 10, seed = 42)
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, optimizer = @Optimizer(value = Optimizers.ADAM, lr = 0.001))
        public interface FashionMlp {
          @Input({28, 28}) Layer image();
          @Flatten Layer pixels();
          @Dense(units = 256, activation = Activation.RELU) Layer hidden();
          @Dropout(rate = 0.2) Layer dropped();
          @Dense(units = 10) Layer logits();
          default String helper() { return "not a layer"; }
        }
        """);
    String net = """
        network FashionMlp {
          input image: float[28, 28];
          pixels = flatten;
          hidden = dense(256, activation: relu);
          dropped = dropout(0.2);
          logits = dense(10);
          loss softmax_cross_entropy;
          optimizer adam(lr: 0.001);
          training { batch: 32; epochs: 10; seed: 42; }
        }
        """;
    assertSameCode(java, "FashionMlp", net);
  }

  @Test
  void explicitInputsAndStandaloneActivations() throws IOException {
    JavaFileObject java = Sources.java("Branch", """
        @Network(loss = Loss.KL_DIVERGENCE)
        abstract class Branch {
          @Input({4, 6}) abstract Layer x();
          @Reshape({24}) abstract Layer flat();
          @Dense(units = 8, bias = false) abstract Layer a();
          @Activate(value = Activation.LEAKY_RELU, alpha = 0.2) abstract Layer act();
          @Dense(units = 3, input = "flat") abstract Layer b();
          @Activate(Activation.LOG_SOFTMAX) abstract Layer out();
        }
        """);
    String net = """
        network Branch {
          input x: float[4, 6];
          flat = reshape([24]);
          a = dense(8, bias: false);
          act = leaky_relu(alpha: 0.2);
          b = dense(flat, 3);
          out = log_softmax;
          loss kl_divergence;
        }
        """;
    // a -> act feeds nothing: both front ends warn about the dead branch
    assertSameCode(java, "Branch", net, "value act is computed but never used");
  }

  private static void assertSameCode(JavaFileObject java, String name, String net) throws IOException {
    assertSameCode(java, name, net, null);
  }

  /** The same, where both front ends must report {@code warning} (and nothing else) instead of nothing. */
  private static void assertSameCode(JavaFileObject java, String name, String net, String warning)
      throws IOException {
    Compilation compilation = Sources.compile(java);
    if (warning == null) {
      assertThat(compilation).succeededWithoutWarnings();
    } else {
      assertThat(compilation).succeeded();
      assertThat(compilation).hadWarningContaining(warning);
      assertThat(compilation).hadWarningCount(1);
      assertTrue(NetcCompiler.compile(new SourceFile(name + ".net", net), "test").diagnostics().stream()
          .anyMatch(d -> d.message().contains(warning)), "the .net front end reports it too");
    }
    String fromAnnotations = compilation.generatedSourceFile("test." + name + "Model").orElseThrow()
        .getCharContent(true).toString();
    CompileResult fromDsl = NetcCompiler.compile(new SourceFile(name + ".net", net), "test");
    assertFalse(fromDsl.hasErrors(), fromDsl.diagnostics().toString());
    String expected = normalize(fromDsl.sources().get(0).code(), name);
    assertEquals(expected, normalize(fromAnnotations.replaceAll("\\b" + name + "Model\\b", name), name));
  }

  /** Source positions differ by nature (Xor.net:3:3 against Xor.java:6:5): blank them. */
  private static String normalize(String code, String name) {
    return code.replaceAll("\\b" + name + "\\.(net|java):\\d+:\\d+", "POS")
        .replace("{@code " + name + ".net}", "{@code SOURCE}")
        .replace("{@code " + name + ".java}", "{@code SOURCE}");
  }
}
