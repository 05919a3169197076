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
 * [--warmups 2] [--iterations 3] [--seconds 1] [--same-jvm]}; one fork per layer. With {@code
 * --same-jvm} both kernels run in this JVM instead, in alternating rounds of about equal work,
 * and each cell is the best round (for {@code net:FILE} layers the second column is the plan's
 * own choice, {@code auto}): on a machine shared with other builds (load far above the
 * core count) JMH's consecutive trials saw different loads, the alternating rounds the same.
 */
public final class ConvCrossover {
  private ConvCrossover() {}

  static final List<String> KERNELS = List.of("im2col", "direct");

  /** Both kernels in this JVM, eight alternating rounds per mode; prints µs per call, best round. */
  static void sameJvm(String layers, String modes) {
    System.out.println("| layer (CxHxW:filters:kernel:padding) | MACs/example | mode | im2col µs | direct µs | im2col / direct |");
    System.out.println("|---|---:|---|---:|---:|---:|");
    for (String layer : layers.split(",")) {
      boolean net = layer.startsWith("net:");
      long macs = net ? 0 : ConvCrossoverBenchmarks.Layer.parse(layer).macs();
      for (String mode : modes.split(",")) {
        ConvCrossoverBenchmarks[] runs = new ConvCrossoverBenchmarks[KERNELS.size()];
        double[] best = new double[runs.length];
        for (int k = 0; k < runs.length; k++) {
          runs[k] = new ConvCrossoverBenchmarks();
          runs[k].layer = layer;
          runs[k].kernel = net && k == 1 ? "auto" : KERNELS.get(k);
          runs[k].mode = mode;
          runs[k].setUp();
          best[k] = Double.MAX_VALUE;
        }
        // rounds of about 0.2 s, from a timed call after three warm-up calls
        for (int w = 0; w < 3; w++) {
          runs[0].run();
        }
        long t1 = System.nanoTime();
        runs[0].run();
        int reps = (int) Math.max(3, 2e8 / Math.max(1, System.nanoTime() - t1));
        for (int round = 0; round < 8; round++) {
          for (int k = 0; k < runs.length; k++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
              runs[k].run();
            }
            best[k] = Math.min(best[k], (System.nanoTime() - t0) / 1e3 / reps);
          }
        }
        System.out.println(String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %.1f | %.2f |", layer, macs, mode,
            best[0], best[1], best[0] / best[1]));
      }
    }
  }

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
        case "--same-jvm" -> {
          sameJvm(layers, modes);
          return;
        }
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
