package dev.netc.bench;

import dev.netc.runtime.kernels.Elementwise;
import dev.netc.runtime.kernels.Gemm;
import dev.netc.runtime.kernels.Team;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How much a two-thread {@link Team} speeds up the matrix products and flat loops of the
 * benchmark and sample networks, the measurements behind the team's split rule
 * (docs/deployment.md). Usage: {@code TeamScaling} times every product of BenchMlp, BenchCnn,
 * FashionCnn and FashionCnnBn at batch 1, 32 and 256, then the flat loops (gradient clearing) over
 * a range of lengths; {@code TeamScaling M N K} times one {@code nn} product. Each shape is timed
 * on the calling thread alone and on a team of two, alternating, 25 rounds of about 10 ms each
 * after a warm-up of 200 ms, and the best round of each (the least disturbed by other processes
 * on a shared machine) is printed with the ratio and whether the team actually split it. Run it with {@code -Dnetc.team.rule=always} to time every split the
 * team could make (the data the rule is fitted to), without it to check the rule's decisions;
 * {@code -Dnetc.team.split=m|n|k} forces the cut with {@code always}.
 */
public final class TeamScaling {
  private static final long ROUND_NANOS = 10_000_000L;
  private static final long WARMUP_NANOS = 200_000_000L;
  private static final int ROUNDS = 25;

  private TeamScaling() {}

  /** One product: {@code kind} is nn, tn or nt; where it comes from. */
  record Shape(String kind, int m, int n, int k, String where) {}

  public static void main(String[] args) {
    List<Shape> shapes = new ArrayList<>();
    if (args.length == 3) {
      shapes.add(new Shape("nn", Integer.parseInt(args[0]), Integer.parseInt(args[1]),
          Integer.parseInt(args[2]), "command line"));
    } else {
      for (int b : new int[] {1, 32, 256}) {
        shapes.addAll(networkProducts(b));
      }
    }
    System.out.printf(Locale.ROOT, "rule %s, split %s, %s%n",
        System.getProperty("netc.team.rule", "measured"), System.getProperty("netc.team.split", "-"),
        Gemm.simd() ? "SIMD" : "scalar");
    System.out.println("| product | kind | m | n | k | MACs | 1 thread µs | team of 2 µs | ratio | split |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    Random r = new Random(1);
    try (Team team = Team.start(2)) {
      for (Shape s : shapes) {
        timeProduct(team, s, r);
      }
      if (args.length != 3) {
        System.out.println();
        System.out.println("| flat loop | length | 1 thread µs | team of 2 µs | ratio |");
        System.out.println("|---|---|---|---|---|");
        for (int len : new int[] {1024, 4096, 8192, 16_384, 32_768, 65_536, 131_072, 262_144, 1 << 20}) {
          timeClear(team, len);
        }
      }
    }
  }

  /** The products a training step and an inference pass of each network run at batch {@code b}. */
  static List<Shape> networkProducts(int b) {
    List<Shape> s = new ArrayList<>();
    // BenchMlp: 784 -> 128 relu -> 10
    dense(s, "BenchMlp dense_1", b, 784, 128, false);
    dense(s, "BenchMlp dense_2", b, 128, 10, true);
    // BenchCnn: conv 5x5 x8 on 1x28x28 (im2col, 576 positions), dense 1152 -> 10
    conv(s, "BenchCnn conv2d_1", b * 576, 8, 25, false);
    dense(s, "BenchCnn logits", b, 1152, 10, true);
    // FashionCnn: conv 3x3 x32 (676 positions), conv 3x3 x64 over 32 channels (121), dense
    conv(s, "FashionCnn conv2d_1", b * 676, 32, 9, false);
    conv(s, "FashionCnn conv2d_2", b * 121, 64, 288, true);
    dense(s, "FashionCnn dense_1", b, 1600, 128, true);
    dense(s, "FashionCnn dense_2", b, 128, 10, true);
    // FashionCnnBn: same-padded convs (784 and 196 positions), dense 3136 -> 256 -> 10
    conv(s, "FashionCnnBn conv2d_1", b * 784, 32, 9, false);
    conv(s, "FashionCnnBn conv2d_2", b * 196, 64, 288, true);
    dense(s, "FashionCnnBn dense_1", b, 3136, 256, true);
    dense(s, "FashionCnnBn dense_2", b, 256, 10, true);
    return s;
  }

  /** x·W, xᵀ·gy and, past the first layer, gy·Wᵀ of a dense layer {@code W[in, out]}. */
  private static void dense(List<Shape> s, String layer, int b, int in, int out, boolean inputGrad) {
    s.add(new Shape("nn", b, out, in, layer + " forward, batch " + b));
    s.add(new Shape("tn", in, out, b, layer + " weight gradient, batch " + b));
    if (inputGrad) {
      s.add(new Shape("nt", b, in, out, layer + " input gradient, batch " + b));
    }
  }

  /** An im2col convolution's products over {@code ld} positions of {@code taps} taps each. */
  private static void conv(List<Shape> s, String layer, int ld, int filters, int taps, boolean inputGrad) {
    String b = ", " + ld + " positions";
    s.add(new Shape("tn", filters, ld, taps, layer + " forward" + b));
    s.add(new Shape("nt", taps, filters, ld, layer + " weight gradient" + b));
    if (inputGrad) {
      s.add(new Shape("nn", taps, ld, filters, layer + " input gradient" + b));
    }
  }

  private static void timeProduct(Team team, Shape s, Random r) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    float[] a = random(r, m * k);
    float[] b = random(r, k * n);
    float[] c = new float[m * n];
    Runnable call = switch (s.kind()) {
      case "nn" -> () -> Gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
      case "tn" -> () -> Gemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
      default -> () -> Gemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
    };
    double[] best = race(team, call);
    System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %.2f | %.2f | %.2f | %s |%n",
        s.where(), s.kind(), m, n, k, (long) m * n * k, best[0], best[1], best[0] / best[1],
        best[2] > 0 ? "yes" : "no");
  }

  private static void timeClear(Team team, int len) {
    float[] a = new float[len];
    double[] best = race(team, () -> Elementwise.clear(a));
    System.out.printf(Locale.ROOT, "| clear | %d | %.2f | %.2f | %.2f |%n", len, best[0], best[1],
        best[0] / best[1]);
  }

  /**
   * Best µs per call alone and on the team, and 1 if the team split the call (a worker ran).
   */
  private static double[] race(Team team, Runnable call) {
    double alone = Double.MAX_VALUE;
    double shared = Double.MAX_VALUE;
    // warm-up: both paths, long enough for C2
    time(call, WARMUP_NANOS);
    team.attach();
    time(call, WARMUP_NANOS);
    team.detach();
    for (int round = 0; round < ROUNDS; round++) {
      alone = Math.min(alone, time(call, ROUND_NANOS));
      team.attach();
      shared = Math.min(shared, time(call, ROUND_NANOS));
      team.detach();
    }
    return new double[] {alone, shared, split(team, call) ? 1 : 0};
  }

  /** Whether the team splits the call: whether calling it ran a job on the team. */
  private static boolean split(Team team, Runnable call) {
    team.attach();
    try {
      long before = team.jobs();
      call.run();
      return team.jobs() > before;
    } finally {
      team.detach();
    }
  }

  /** Mean µs per call over a round of about {@code nanos}. */
  private static double time(Runnable call, long nanos) {
    long start = System.nanoTime();
    long calls = 0;
    long now;
    do {
      for (int i = 0; i < 4; i++) {
        call.run();
      }
      calls += 4;
      now = System.nanoTime();
    } while (now - start < nanos);
    return (now - start) / 1e3 / calls;
  }

  private static float[] random(Random r, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = r.nextFloat();
    }
    return v;
  }
}
