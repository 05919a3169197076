package dev.netc.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link MlpBenchmarks} and {@link CnnBenchmarks} with the GC profiler and fixed, short
 * settings (so peers/run-all.sh fits its time budget), and prints {@code METRIC key value} lines:
 * per benchmark the score (batch-1 median and p99 in µs, batch-256 images/s, training steps/s)
 * and {@code gc.alloc.rate.norm}, the bytes allocated per call.
 *
 * <p>Usage: {@code JmhRun [--forks F] [--warmups W] [--iterations I] [--seconds S] [--log FILE]
 * [--jvm-args "ARGS"] [--include REGEX] [--threads 1,2]}; defaults 1, 2, 3, 1, stdout, none,
 * both classes, 1 (the sizes of the {@code Team} each benchmark runs on; keys of sizes above 1
 * end in {@code .tN}). The
 * forks get {@code -Xms1g -Xmx1g} and ARGS, which replace the classes' {@code @Fork} arguments
 * (those add {@code --add-modules jdk.incubator.vector}): pass that flag in ARGS for the SIMD
 * kernels, leave it out for the scalar ones.
 */
public final class JmhRun {
  private JmhRun() {}

  public static void main(String[] args) throws Exception {
    int forks = 1;
    int warmups = 2;
    int iterations = 3;
    int seconds = 1;
    String log = null;
    String jvmArgs = "";
    String include = "dev\\.netc\\.bench\\.(Mlp|Cnn)Benchmarks\\.";
    String threads = "1";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--forks" -> forks = Integer.parseInt(args[++i]);
        case "--warmups" -> warmups = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--log" -> log = args[++i];
        case "--jvm-args" -> jvmArgs = args[++i];
        case "--include" -> include = args[++i];
        case "--threads" -> threads = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String> jvm = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
    for (String a : jvmArgs.trim().split("\\s+")) {
      if (!a.isEmpty()) {
        jvm.add(a);
      }
    }
    ChainedOptionsBuilder opt = new OptionsBuilder()
        .include(include)
        .forks(forks)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .threads(1)
        .param("threads", threads.split(","))
        .jvmArgsAppend(jvm.toArray(String[]::new))
        .addProfiler(GCProfiler.class);
    if (log != null) {
      opt.output(log);
    }
    Collection<RunResult> results = new Runner(opt.build()).run();
    for (RunResult r : results) {
      String bench = r.getParams().getBenchmark();
      String cls = bench.contains("Cnn") ? "cnn" : "mlp";
      String method = bench.substring(bench.lastIndexOf('.') + 1);
      Result<?> p = r.getPrimaryResult();
      String teamSize = r.getParams().getParam("threads");
      // a team of 2 gets its own keys: jmh.mlp.inferBatch256.t2.img_s
      String key = "jmh." + cls + "." + method + ("1".equals(teamSize) ? "" : ".t" + teamSize);
      switch (method) {
        case "inferBatch1" -> {
          metric(key + ".median_us", p.getStatistics().getPercentile(50));
          metric(key + ".p99_us", p.getStatistics().getPercentile(99));
        }
        case "inferBatch256" -> metric(key + ".img_s", p.getScore() * 256);
        default -> metric(key + ".ops_s", p.getScore());
      }
      for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          metric(key + ".alloc_b", e.getValue().getScore());
        }
      }
    }
  }

  static void metric(String key, double value) {
    System.out.printf(Locale.ROOT, "METRIC %s %.4f%n", key, value);
  }
}
