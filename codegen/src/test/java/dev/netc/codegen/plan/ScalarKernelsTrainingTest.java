package dev.netc.codegen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.kernels.Gemm;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scalar kernels train a generated model end to end as the SIMD kernels do. The suite's JVMs
 * run the SIMD kernels ({@code --add-modules jdk.incubator.vector}); the runtime chooses its
 * kernels once per JVM ({@code kernels.Gemm} and {@code kernels.Elementwise} read {@code
 * netc.simd}), so the same training runs here on SIMD and in a child JVM started with {@code
 * -Dnetc.simd=false}. The child must report scalar kernels, its loss must fall, and it must end
 * where this JVM ends: every parameter within {@link #PARAMETER_TOLERANCE} of the SIMD run's
 * (relative to the largest parameter) and every epoch's loss within {@link #LOSS_TOLERANCE}
 * relative. The two differ only by the order of float sums in the products, a rounding
 * difference that the 32 optimizer steps here grew to 1.5e-6 of the largest parameter (losses:
 * 1e-8 relative) when measured: the tolerances leave a margin of about 60 and still fail any
 * kernel that computes something else.
 */
class ScalarKernelsTrainingTest {
  static final double PARAMETER_TOLERANCE = 1e-4;
  static final double LOSS_TOLERANCE = 1e-4;

  /**
   * A convolution through the direct kernel (forward) and im2col and Gemm (backward), dense layers
   * forced onto Gemm: every kernel family runs.
   */
  static final String NET = """
      network ScalarCheck {
        input image: float[1, 12, 12];
        conv2d(8, kernel: 3, activation: relu);
        maxpool(2);
        flatten;
        dense(48, activation: gelu);
        dense(3);
        loss softmax_cross_entropy;
      }
      """;

  @TempDir Path dir;

  /** What one training run gives: which kernels ran, the loss per epoch, the final parameters. */
  record Run(boolean simd, List<Double> losses, float[] parameters) {}

  static Run train() {
    Model model = Nets.compile(NET, KernelPolicy.GEMM).model();
    model.initialize(4);
    History h = Trainer.builder(model).optimizer(Optimizers.adam(2e-3)).epochs(4).batchSize(32).seed(3)
        .build().fit(bands(256));
    return new Run(Gemm.simd(), // Elementwise follows it (on x86)
        h.epochs().stream().map(History.Epoch::trainLoss).toList(), model.parameters());
  }

  /** Three classes of 12x12 images: a bright row band, a bright column band, or noise. */
  static Dataset bands(int n) {
    Random r = new Random(7);
    float[] x = new float[n * 144];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      labels[i] = c;
      int at = 2 + r.nextInt(8);
      for (int p = 0; p < 144; p++) {
        float v = 0.3f * r.nextFloat();
        if ((c == 0 && p / 12 == at) || (c == 1 && p % 12 == at)) {
          v += 1f;
        }
        x[i * 144 + p] = v;
      }
    }
    return Dataset.classification(x, 144, labels, 3);
  }

  @Test
  void aGeneratedModelTrainsOnTheScalarKernelsAsOnTheSimdOnes() throws Exception {
    Assumptions.assumeTrue(Gemm.simd(), "this JVM runs the scalar kernels already: nothing to compare with");
    Run simd = train();
    assertTrue(simd.simd());
    Run scalar = trainInChildJvm();
    assertTrue(!scalar.simd(), "the child JVM ran the SIMD kernels despite -Dnetc.simd=false");

    assertTrue(scalar.losses().get(scalar.losses().size() - 1) < 0.5 * scalar.losses().get(0),
        "the loss falls on the scalar kernels: " + scalar.losses());
    assertEquals(simd.losses().size(), scalar.losses().size());
    for (int e = 0; e < simd.losses().size(); e++) {
      double a = simd.losses().get(e);
      assertEquals(a, scalar.losses().get(e), LOSS_TOLERANCE * Math.abs(a), "loss of epoch " + (e + 1));
    }
    double scale = 0;
    for (float p : simd.parameters()) {
      scale = Math.max(scale, Math.abs(p));
    }
    assertEquals(simd.parameters().length, scalar.parameters().length);
    for (int i = 0; i < simd.parameters().length; i++) {
      assertEquals(simd.parameters()[i], scalar.parameters()[i], PARAMETER_TOLERANCE * scale, "parameter " + i);
    }
  }

  private Run trainInChildJvm() throws IOException, InterruptedException {
    Path out = dir.resolve("scalar-run.txt");
    Path log = dir.resolve("child.log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-Dnetc.simd=false",
        "-cp", System.getProperty("java.class.path"), Child.class.getName(), out.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) { // a hang guard, not a measurement
      p.destroyForcibly();
      throw new AssertionError("the child JVM did not finish; log:\n" + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), "child JVM failed; log:\n" + Files.readString(log));
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    boolean simd = Boolean.parseBoolean(lines.get(0));
    List<Double> losses = new ArrayList<>();
    for (String s : lines.get(1).split(",")) {
      losses.add(Double.longBitsToDouble(Long.parseUnsignedLong(s, 16)));
    }
    String[] bits = lines.get(2).split(",");
    float[] parameters = new float[bits.length];
    for (int i = 0; i < bits.length; i++) {
      parameters[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(bits[i], 16));
    }
    return new Run(simd, losses, parameters);
  }

  /** Run in the child JVM: trains and writes which kernels ran, the losses and the parameters, exactly. */
  public static final class Child {
    public static void main(String[] args) throws IOException {
      Run run = train();
      StringBuilder s = new StringBuilder().append(run.simd()).append('\n');
      List<String> losses = new ArrayList<>();
      for (double l : run.losses()) {
        losses.add(Long.toHexString(Double.doubleToRawLongBits(l)));
      }
      s.append(String.join(",", losses)).append('\n');
      for (int i = 0; i < run.parameters().length; i++) {
        s.append(i == 0 ? "" : ",").append(Integer.toHexString(Float.floatToRawIntBits(run.parameters()[i])));
      }
      Files.writeString(Path.of(args[0]), s.append('\n'), StandardCharsets.UTF_8);
    }
  }
}
