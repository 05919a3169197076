package dev.netc.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ConvCrossoverBenchmarks} for every layer, kernel and mode and prints a Markdown
 * table of µs per call (median of the measurement iterations, best in parentheses) with the
 * ratio im2col / direct, for docs/cost-model.md and docs/convolution.md.
 *
 * <p>Usage: {@code ConvCrossover [--layers 1x28x28:8:5:valid,...] [--modes train-1,train-32,infer-1,infer-256]
 * [--warmups 2] [--iterations 3] [--seconds 1]}; one fork per layer.
 */
public final class ConvCrossover {
  private ConvCrossover() {}

  static final List<String> KERNELS = List.of("im2col", "direct");

  public static void main(String[] args) throws Exception {
    String layers = String.join(",", ConvCrossoverBenchmarks.LAYERS);
    String modes = "train-1,train-32,infer-1,infer-256";
    int warmups = 2;
    int iterations = 3;
    int seconds = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--layers" -> layers = args[++i];
        case "--modes" -> modes = args[++i];
        case "--warmups" -> warmups = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // layer -> mode -> kernel -> {median, min}
    Map<String, Map<String, Map<String, double[]>>> table = new LinkedHashMap<>();
    for (String layer : layers.split(",")) {
      OptionsBuilder opt = new OptionsBuilder();
      opt.include(ConvCrossoverBenchmarks.class.getName() + "\\.")
          .param("layer", layer)
          .param("mode", modes.split(","))
          .param("kernel", KERNELS.toArray(String[]::new))
          .forks(1)
          .warmupIterations(warmups)
          .warmupTime(TimeValue.seconds(seconds))
          .measurementIterations(iterations)
          .measurementTime(TimeValue.seconds(seconds))
          .threads(1);
      for (RunResult r : new Runner(opt.build()).run()) {
        double[] scores = r.getBenchmarkResults().stream()
            .flatMap(b -> b.getIterationResults().stream())
            .mapToDouble(i -> i.getPrimaryResult().getScore()).sorted().toArray();
        double median = scores.length % 2 == 1 ? scores[scores.length / 2]
            : (scores[scores.length / 2 - 1] + scores[scores.length / 2]) / 2;
        table.computeIfAbsent(layer, k -> new LinkedHashMap<>())
            .computeIfAbsent(r.getParams().getParam("mode"), k -> new LinkedHashMap<>())
            .put(r.getParams().getParam("kernel"), new double[] {median, scores[0]});
      }
    }
    System.out.println();
    System.out.println("| layer (CxHxW:filters:kernel:padding) | MACs/example | mode | im2col µs | direct µs | im2col / direct |");
    System.out.println("|---|---:|---|---:|---:|---:|");
    for (var byLayer : table.entrySet()) {
      long macs = ConvCrossoverBenchmarks.Layer.parse(byLayer.getKey()).macs();
      for (var byMode : byLayer.getValue().entrySet()) {
        double[] im2col = byMode.getValue().get("im2col");
        double[] direct = byMode.getValue().get("direct");
        System.out.println(String.format(Locale.ROOT, "| %s | %d | %s | %.1f (%.1f) | %.1f (%.1f) | %.2f |",
            byLayer.getKey(), macs, byMode.getKey(), im2col[0], im2col[1], direct[0], direct[1],
            im2col[0] / direct[0]));
      }
    }
  }
}
