package dev.netc.bench;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Rng;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.kernels.Team;
import java.util.Locale;

/**
 * How much a two-thread {@link Team} speeds up an inference pass ({@code model.forward} with
 * {@code training} false) or a training step ({@code computeGradients} and an SGD update) at each
 * batch size: the measurements behind the thresholds of the runtime's {@code BatchSplit}
 * (docs/deployment.md). Usage: {@code TeamInference [--train] [model class ...]}; defaults to
 * BenchMlp, BenchCnn, the samples' Xor, FashionMlp, FashionCnn and FashionCnnBn. Each model and
 * batch is timed alone and on a team of two, alternating, 25 rounds of about 10 ms after a
 * warm-up of 200 ms; the best round of each is printed (the best is the least disturbed by other processes on a shared machine) with the forward FLOPs of one part and, for
 * training, its training FLOPs per parameter. Run with {@code -Dnetc.team.minBatchFlops=0} (and
 * {@code -Dnetc.team.minFlopsPerParameter=0}) to time the split at every batch size, with a
 * large value to time the team sharing products only.
 */
public final class TeamInference {
  private static final long ROUND_NANOS = 10_000_000L;
  private static final long WARMUP_NANOS = 200_000_000L;
  private static final int ROUNDS = 25;
  private static final int[] BATCHES = {2, 4, 8, 16, 32, 64, 256};

  private TeamInference() {}

  public static void main(String[] args) throws ReflectiveOperationException {
    boolean train = args.length > 0 && args[0].equals("--train");
    if (train) {
      args = java.util.Arrays.copyOfRange(args, 1, args.length);
    }
    String[] names = args.length > 0 ? args : new String[] {
        "dev.netc.bench.BenchMlp", "dev.netc.bench.BenchCnn", "dev.netc.samples.Xor",
        "dev.netc.samples.FashionMlp", "dev.netc.samples.FashionCnn", "dev.netc.samples.FashionCnnBn"};
    System.out.println("| model | " + (train ? "training step" : "inference") + ", batch | forward FLOPs per part"
        + " | training FLOPs per part per parameter | 1 thread µs/example | team of 2 µs/example | ratio"
        + " | CPU ratio | team CPU / one thread's |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    try (Team team = Team.start(2)) {
      for (String name : names) {
        GeneratedModel model = (GeneratedModel) Class.forName(name).getConstructor().newInstance();
        model.initialize(1);
        long perExample = flops(model.summary());
        for (int batch : train ? new int[] {16, 32, 64} : BATCHES) {
          measure(team, model, batch, perExample, train);
        }
      }
    }
  }

  /** The summary's "forward FLOPs per example" figure. */
  static long flops(String summary) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("forward FLOPs per example (\\d+)").matcher(summary);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static void measure(Team team, GeneratedModel model, int batch, long perExample,
      boolean train) {
    Rng rng = new Rng(7);
    float[] in = new float[batch * model.inputSize()];
    for (int i = 0; i < in.length; i++) {
      in[i] = rng.nextFloat();
    }
    float[] out = new float[batch * model.outputSize()];
    Workspace ws = model.newWorkspace(batch);
    float[] target = new float[batch * model.targetSize()];
    for (int b = 0; b < batch; b++) {
      target[b * model.targetSize() + rng.nextInt(model.targetSize())] = 1f;
    }
    dev.netc.runtime.optim.Optimizer sgd = dev.netc.runtime.optim.Optimizers.sgd(0.001);
    Runnable call = train
        ? () -> {
          model.computeGradients(ws, in, target, batch, false);
          sgd.step(model.parameters(), ws.gradients());
        }
        : () -> model.forward(ws, in, out, batch, false);
    double alone = Double.MAX_VALUE;
    double shared = Double.MAX_VALUE;
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
    double[] cpu = cpu(team, call);
    long part = batch / 2 * perExample;
    System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %.2f | %.2f | %.2f |%n",
        model.name(), batch, part, 3 * part / model.parameterCount(), alone / batch, shared / batch,
        alone / shared, cpu[0], cpu[1]);
  }

  /**
   * CPU time, which a loaded machine does not inflate the way it does wall time: the one-thread
   * call's CPU time over the larger of the caller's and the worker's on the team (the speed-up
   * two free cores would give, hand-offs and imbalance included, memory contention not), and the
   * team's total CPU time over one thread's (the work the split adds).
   */
  private static double[] cpu(Team team, Runnable call) {
    java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
    long worker = -1;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("netc-team-1")) {
        worker = t.getId();
      }
    }
    int calls = 0;
    long start = System.nanoTime();
    long c0 = bean.getCurrentThreadCpuTime();
    do {
      call.run();
      calls++;
    } while (System.nanoTime() - start < 4 * ROUND_NANOS);
    double alone = (double) (bean.getCurrentThreadCpuTime() - c0) / calls;
    team.attach();
    long w0 = bean.getThreadCpuTime(worker);
    c0 = bean.getCurrentThreadCpuTime();
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    double caller = (double) (bean.getCurrentThreadCpuTime() - c0) / calls;
    double work = (double) (bean.getThreadCpuTime(worker) - w0) / calls;
    team.detach();
    return new double[] {alone / Math.max(caller, work), (caller + work) / alone};
  }

  /** Mean µs per call over a round of about {@code nanos}. */
  private static double time(Runnable call, long nanos) {
    long start = System.nanoTime();
    long calls = 0;
    long now;
    do {
      call.run();
      calls++;
      now = System.nanoTime();
    } while (now - start < nanos);
    return (now - start) / 1e3 / calls;
  }
}
