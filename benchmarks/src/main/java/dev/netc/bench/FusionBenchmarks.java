package dev.netc.bench;

import com.squareup.javapoet.JavaFile;
import dev.netc.codegen.CheckResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.emit.ModelEmitter;
import dev.netc.codegen.imports.SourceRoots;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.plan.CostModel;
import dev.netc.codegen.plan.GradientPlan;
import dev.netc.codegen.plan.KernelPlan;
import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FashionCnnBn inference ({@code forward(..., training = false)}) with its batch norms folded into
 * the convolutions and the relus fused ({@code fused}), against the same network generated with
 * every layer running its own pass ({@code unfused}), at batch 1 and 256, in one run. Run from the
 * repository root (it reads {@code samples/src/main/net}).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp
 * "benchmarks/target/classes:benchmarks/target/lib/*" org.openjdk.jmh.Main FusionBenchmarks}
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FusionBenchmarks {
  @Param({"fused", "unfused"})
  public String variant;

  @Param({"1", "256"})
  public int batch;

  GeneratedModel model;
  Workspace ws;
  float[] in;
  float[] out;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path samples = Path.of("samples", "src", "main", "net");
    String text = Files.readString(samples.resolve("dev/netc/samples/FashionCnnBn.net"));
    CheckResult checked = NetcCompiler.check(new SourceFile("FashionCnnBn.net", text), SourceRoots.of(samples));
    if (!checked.diagnostics().isEmpty()) {
      throw new IllegalStateException(checked.diagnostics().toString());
    }
    Graph graph = checked.graphs().get(0);
    KernelPlan kernels = CostModel.plan(graph, KernelPolicy.AUTO);
    String pkg = "dev.netc.bench.fusion";
    String code = JavaFile.builder(pkg, ModelEmitter.emit(graph, "FashionCnnBn.net", kernels,
        GradientPlan.of(graph), variant.equals("fused"))).build().toString();
    InMemoryJavac.Compiled compiled = InMemoryJavac.javac(List.of(new GeneratedSource(pkg, graph.name(), code)));
    model = (GeneratedModel) compiled.loader().loadClass(pkg + "." + graph.name()).getConstructor().newInstance();
    model.initialize(1);
    ws = model.newWorkspace(batch);
    Random r = new Random(2);
    in = new float[batch * model.inputSize()];
    for (int i = 0; i < in.length; i++) {
      in[i] = r.nextFloat();
    }
    out = new float[batch * model.outputSize()];
  }

  @Benchmark
  public float[] inference() {
    model.forward(ws, in, out, batch, false);
    return out;
  }
}
