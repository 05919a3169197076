package dev.netc.bench;

import dev.netc.runtime.kernels.Gemm;
import dev.netc.runtime.kernels.Team;
import java.util.Locale;
import java.util.Random;

/**
 * How much a two-thread {@link Team} speeds up one matrix product. Usage: {@code TeamScaling M N
 * K}; times rounds of 2,000 products {@code C[M,N] = A[M,K] · B[K,N]} on the calling thread alone,
 * then on a team of two, and prints the last round of each (the first ones warm up the JIT).
 */
public final class TeamScaling {
  private static final int CALLS = 2000;
  private static final int ROUNDS = 4;

  private TeamScaling() {}

  public static void main(String[] args) {
    int m = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    int k = Integer.parseInt(args[2]);
    Random r = new Random(1);
    float[] a = random(r, m * k);
    float[] b = random(r, k * n);
    float[] c = new float[m * n];
    for (int threads = 1; threads <= 2; threads++) {
      Team team = threads > 1 ? Team.start(threads).attach() : null;
      double micros = 0;
      for (int round = 0; round < ROUNDS; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
          Gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
        }
        micros = (System.nanoTime() - start) / 1e3 / CALLS;
      }
      System.out.printf(Locale.ROOT, "%dx%dx%d, %d thread(s): %.1f µs per product, %.1f GFLOP/s%n",
          m, n, k, threads, micros, 2.0 * m * n * k / micros / 1e3);
      if (team != null) {
        team.close();
      }
    }
  }

  private static float[] random(Random r, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = r.nextFloat();
    }
    return v;
  }
}
