package dev.netc.bench;

import dev.netc.codegen.GeneratedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 9's build-cost table: how netc's generation ({@code NetcCompiler.compile}) and javac
 * (in-process, {@code javax.tools}) grow as a network grows from 5 to 200 dense layers. It must
 * grow linearly, not blow up.
 *
 * <p>Networks: {@code input float[W]}, L-1 layers {@code dense(W, activation: relu)}, a last
 * {@code dense(10)}, softmax cross-entropy, SGD. One warm-up pass over every size first (so the
 * figures are for a warmed-up compiler, as in a long Maven or IDE session; a cold JVM adds a
 * roughly constant start-up cost), then {@code --runs} passes; each cell is the median.
 *
 * <p>Usage: {@code BuildCost [--layers 5,25,50,100,200] [--runs 3] [--width 64] [--out FILE.md]}.
 */
public final class BuildCost {
  private BuildCost() {}

  public static void main(String[] args) throws Exception {
    int[] layers = {5, 25, 50, 100, 200};
    int runs = 3;
    int width = 64;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--layers" -> layers = EpochScaling.ints(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--width" -> width = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    for (int l : layers) {
      measure(l, width); // warm-up
    }
    double[][] gen = new double[layers.length][runs];
    double[][] jc = new double[layers.length][runs];
    long[][] sizes = new long[layers.length][];
    for (int r = 0; r < runs; r++) {
      for (int i = 0; i < layers.length; i++) {
        double[] m = measure(layers[i], width);
        gen[i][r] = m[0];
        jc[i][r] = m[1];
        sizes[i] = new long[] {(long) m[2], (long) m[3], (long) m[4]};
      }
    }
    List<String> rows = new ArrayList<>();
    rows.add(String.format(Locale.ROOT,
        "Build cost, dense networks of width %d, median of %d warm runs (JVM: %s %s)%n", width, runs,
        System.getProperty("java.vm.name"), System.getProperty("java.version")));
    rows.add("| layers | generation ms | javac ms | total ms | ms per layer (total) | ms per added layer | Java lines | class-file bytes |");
    rows.add("|---|---|---|---|---|---|---|---|");
    double[] perLayer = new double[layers.length];
    for (int i = 0; i < layers.length; i++) {
      double g = median(gen[i]);
      double j = median(jc[i]);
      perLayer[i] = (g + j) / layers[i];
      String marginal = i == 0 ? "" : String.format(Locale.ROOT, "%.2f",
          (g + j - median(gen[i - 1]) - median(jc[i - 1])) / (layers[i] - layers[i - 1]));
      rows.add(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.2f | %s | %d | %d |", layers[i], g, j,
          g + j, perLayer[i], marginal, sizes[i][1], sizes[i][2]));
    }
    int last = layers.length - 1;
    double sizeRatio = (double) layers[last] / layers[1 % layers.length];
    double timeRatio = (median(gen[last]) + median(jc[last])) / (median(gen[1 % layers.length]) + median(jc[1 % layers.length]));
    rows.add("");
    rows.add(String.format(Locale.ROOT,
        "Growth from %d to %d layers (x%.0f): total time x%.1f, generation x%.1f, javac x%.1f "
            + "(linear would be x%.0f; per-layer cost %.2f ms at %d layers vs %.2f ms at %d).",
        layers[1 % layers.length], layers[last], sizeRatio, timeRatio,
        median(gen[last]) / median(gen[1 % layers.length]), median(jc[last]) / median(jc[1 % layers.length]),
        sizeRatio, perLayer[last], layers[last], perLayer[1 % layers.length], layers[1 % layers.length]));
    String table = String.join("\n", rows) + "\n";
    System.out.print(table);
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, table);
    }
  }

  /** {generation ms, javac ms, source chars, source lines, class-file bytes}. */
  static double[] measure(int layers, int width) {
    String text = network(layers, width);
    long t0 = System.nanoTime();
    List<GeneratedSource> sources = InMemoryJavac.generate("Deep" + layers + ".net", text, "dev.netc.bench.deep");
    long t1 = System.nanoTime();
    InMemoryJavac.Compiled compiled = InMemoryJavac.javac(sources);
    long t2 = System.nanoTime();
    long chars = 0;
    long lines = 0;
    for (GeneratedSource s : sources) {
      chars += s.code().length();
      lines += s.code().lines().count();
    }
    return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, chars, lines, compiled.bytecodeBytes()};
  }

  static String network(int layers, int width) {
    StringBuilder sb = new StringBuilder();
    sb.append("network Deep").append(layers).append(" {\n");
    sb.append("  input x: float[").append(width).append("];\n");
    for (int i = 0; i < layers - 1; i++) {
      sb.append("  dense(").append(width).append(", activation: relu);\n");
    }
    sb.append("  dense(10);\n");
    sb.append("  loss softmax_cross_entropy;\n");
    sb.append("  optimizer sgd(lr: 0.01);\n");
    sb.append("}\n");
    return sb.toString();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
