package dev.netc.bench;

import dev.netc.codegen.plan.CostModel;
import dev.netc.codegen.ops.MatmulShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link KernelCrossoverBenchmarks} for every size with each kernel that applies (unrolled
 * only where the cost model allows it) and prints a Markdown table of ns per forward+backward,
 * one row per size and batch, for docs/cost-model.md. Each cell is the median of the measurement
 * iterations and, in parentheses, the best one: on a shared machine one preempted iteration
 * would otherwise decide the mean.
 *
 * <p>Usage: {@code KernelCrossover [--sizes 2x4,4x4,...] [--batches 1,32] [--warmups 2]
 * [--iterations 3] [--seconds 1]}; one fork per configuration. Run it pinned to one core.
 */
public final class KernelCrossover {
  private KernelCrossover() {}

  static final List<String> KERNELS = List.of("unrolled", "gemm");

  public static void main(String[] args) throws Exception {
    String sizes = "2x4,4x4,8x8,12x12,16x16,32x32,64x64,128x128";
    String batches = "1,32";
    int warmups = 2;
    int iterations = 3;
    int seconds = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = args[++i];
        case "--batches" -> batches = args[++i];
        case "--warmups" -> warmups = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // size -> batch -> kernel -> {median, min} of the iteration scores
    Map<String, Map<Integer, Map<String, double[]>>> table = new LinkedHashMap<>();
    for (String size : sizes.split(",")) {
      int[] shape = KernelCrossoverBenchmarks.shape(size);
      List<String> kernels = new ArrayList<>(KERNELS);
      if (!CostModel.unrollable(new MatmulShape(1, shape[0], shape[1]))) {
        kernels.remove("unrolled");
      }
      OptionsBuilder opt = new OptionsBuilder();
      opt.include(KernelCrossoverBenchmarks.class.getName() + "\\.")
          .param("size", size)
          .param("batch", batches.split(","))
          .param("kernel", kernels.toArray(String[]::new))
          .forks(1)
          .warmupIterations(warmups)
          .warmupTime(TimeValue.seconds(seconds))
          .measurementIterations(iterations)
          .measurementTime(TimeValue.seconds(seconds))
          .threads(1);
      for (RunResult r : new Runner(opt.build()).run()) {
        int batch = Integer.parseInt(r.getParams().getParam("batch"));
        String kernel = r.getParams().getParam("kernel");
        double[] scores = r.getBenchmarkResults().stream()
            .flatMap(b -> b.getIterationResults().stream())
            .mapToDouble(i -> i.getPrimaryResult().getScore()).sorted().toArray();
        double median = scores.length % 2 == 1 ? scores[scores.length / 2]
            : (scores[scores.length / 2 - 1] + scores[scores.length / 2]) / 2;
        table.computeIfAbsent(size, k -> new LinkedHashMap<>())
            .computeIfAbsent(batch, k -> new LinkedHashMap<>())
            .put(kernel, new double[] {median, scores[0]});
      }
    }
    System.out.println();
    System.out.println("| layer (in x out) | MACs | batch | unrolled ns | gemm ns | fastest (median) |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    table.forEach((size, byBatch) -> byBatch.forEach((batch, byKernel) -> {
      int[] shape = KernelCrossoverBenchmarks.shape(size);
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %d |", size,
          shape[0] * shape[1], batch));
      String best = null;
      for (String k : KERNELS) {
        double[] s = byKernel.get(k);
        row.append(s == null ? " n/a |" : String.format(Locale.ROOT, " %.0f (%.0f) |", s[0], s[1]));
        if (s != null && (best == null || s[0] < byKernel.get(best)[0])) {
          best = k;
        }
      }
      System.out.println(row.append(' ').append(best).append(" |"));
    }));
  }
}
