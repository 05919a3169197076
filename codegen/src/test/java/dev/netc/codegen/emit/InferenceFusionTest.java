package dev.netc.codegen.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.CheckResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.InMemorySources;
import dev.netc.codegen.imports.SourceRoots;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.plan.CostModel;
import dev.netc.codegen.plan.GradientPlan;
import dev.netc.codegen.plan.KernelPlan;
import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.codegen.testing.InMemoryJavac;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused inference pass (batch norm folded into the conv or dense layer before it, the
 * activation after it fused) against the same network generated without fusion, where every
 * layer runs its own pass and batch norm its eval-mode formula: equal to float rounding, at batch
 * 1 and 7, with random running statistics, gamma and beta. The generated code says what it folded,
 * and a value with a second reader is not fused.
 */
class InferenceFusionTest {
  static final Path SAMPLES = Path.of("..", "samples", "src", "main", "net");

  @Test
  void fashionCnnBnFusedEqualsUnfused() throws IOException {
    String source = compare(sample("FashionCnnBn"), SourceRoots.of(SAMPLES), 2);
    assertTrue(source.contains("// inference: batch norm batchnorm_1 folded into this layer's output pass, then relu (relu_1)"),
        source);
    assertTrue(source.contains("conv2d1Inference("), source);
  }

  @Test
  void fashionResnetFusedEqualsUnfused() throws IOException {
    // every conv of the residual blocks is followed by a batch norm: 8 groups; those before add
    // fold the batch norm alone
    compare(sample("FashionResnet"), SourceRoots.of(SAMPLES), 8);
  }

  @Test
  void denseWithBatchNormFusedEqualsUnfused() {
    String net = """
        network DenseBn {
          input x: float[20];
          dense(16);
          batchnorm;
          leaky_relu(alpha: 0.1);
          dense(12, bias: false);
          batchnorm;
          dense(3);
          loss mse;
        }
        """;
    String source = compare(net, ImportResolver.NONE, 2);
    assertTrue(source.contains("// the folded batch norm and leaky_relu over y in place"), source);
  }

  @Test
  void aValueWithASecondReaderIsNotFused() {
    String net = """
        network Shared {
          input x: float[1, 8, 8];
          c = conv2d(4, kernel: 3);
          n = c -> batchnorm -> relu;
          m = c -> relu;
          add(n, m) -> flatten -> dense(2);
          loss mse;
        }
        """;
    String source = compare(net, ImportResolver.NONE, 0);
    assertFalse(source.contains("Inference("), source);
  }

  private static String sample(String name) throws IOException {
    return Files.readString(SAMPLES.resolve("dev/netc/samples/" + name + ".net"));
  }

  /** Compares both classes' inference outputs; returns the fused class's source. */
  private static String compare(String text, ImportResolver imports, int groups) {
    CheckResult checked = NetcCompiler.check(new SourceFile("Net.net", text), imports);
    assertTrue(checked.diagnostics().isEmpty(), checked.diagnostics().toString());
    Graph graph = checked.graphs().get(0);
    KernelPlan kernels = CostModel.plan(graph, KernelPolicy.AUTO);
    GradientPlan gradients = GradientPlan.of(graph);
    String fusedSource = source(ModelEmitter.emit(graph, "Net.net", kernels, gradients, true));
    String plainSource = source(ModelEmitter.emit(graph, "Net.net", kernels, gradients, false));
    assertEquals(groups, count(fusedSource, "Inference(float[]"), "inference methods");
    GeneratedModel fused = load("f", graph.name(), fusedSource);
    GeneratedModel plain = load("u", graph.name(), plainSource);
    fused.initialize(3);
    Random r = new Random(4);
    float[] p = fused.parameters();
    for (ParameterInfo info : fused.parameterInfo()) {
      for (int i = info.offset(); i < info.offset() + info.size(); i++) {
        p[i] = info.name().endsWith("running_var") ? 0.2f + r.nextFloat()
            : info.name().endsWith("running_mean") || info.name().endsWith("beta") ? (float) r.nextGaussian() * 0.3f
            : info.name().endsWith("gamma") ? 0.5f + r.nextFloat() : p[i];
      }
    }
    System.arraycopy(p, 0, plain.parameters(), 0, p.length);
    for (int batch : new int[] {1, 7}) {
      float[] in = new float[batch * fused.inputSize()];
      for (int i = 0; i < in.length; i++) {
        in[i] = (float) r.nextGaussian();
      }
      float[] want = new float[batch * fused.outputSize()];
      float[] got = new float[want.length];
      plain.forward(plain.newWorkspace(batch), in, want, batch, false);
      Workspace ws = fused.newWorkspace(batch);
      fused.forward(ws, in, got, batch, false);
      double scale = 0;
      for (float w : want) {
        scale = Math.max(scale, Math.abs(w));
      }
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-5 * (1 + scale), graph.name() + " batch " + batch + " output " + i);
      }
      // the training pass is the unfused one: same bits in both classes
      float[] trainPlain = new float[want.length];
      float[] trainFused = new float[want.length];
      plain.forward(plain.newWorkspace(batch), in, trainPlain, batch, true);
      fused.forward(fused.newWorkspace(batch), in, trainFused, batch, true);
      assertEquals(java.util.Arrays.toString(trainPlain), java.util.Arrays.toString(trainFused));
    }
    return fusedSource;
  }

  private static String source(TypeSpec type) {
    return JavaFile.builder("t", type).build().toString();
  }

  private static GeneratedModel load(String pkg, String name, String source) {
    String code = source.replaceFirst("package t;", "package " + pkg + ";");
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(Map.of(pkg + "." + name, code));
    try {
      return (GeneratedModel) compiled.load(pkg + "." + name).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
