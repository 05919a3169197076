package dev.netc.runtime.kernels;

import java.util.concurrent.locks.LockSupport;

/**
 * Threads that share the large matrix products and flat-array loops of the thread they are
 * {@link #attach attached} to. A product is split into as many parts as the team has threads,
 * always at the same points for the same shapes (see {@link #cut}), so the results are
 * deterministic for a given team size, and a thread keeps working on the same slice of every
 * weight, gradient and optimizer buffer from one step to the next: after the first step each
 * slice stays in its core's cache instead of travelling between cores.
 *
 * <p>Why not split the batch (data parallelism): at the batch sizes small networks train with, a
 * step is a few hundred microseconds, and two half-batch gradients must be combined and the
 * updated weights sent back to the other core every step. For Fashion-MNIST's 784-128-10 MLP
 * that moved about 2 MB between the cores per step and made two threads slower than one.
 *
 * <p>The hand-off allocates nothing: the caller publishes a {@link Part} and bumps a volatile
 * generation counter; workers spin on it briefly (a split product takes microseconds, less than
 * waking a parked thread), then park until the next job. Each part is claimed once, by its
 * worker or, when the worker has not started it by the time the caller is done with part 0, by
 * the caller: on a machine busier than the team is large, a step degrades to one thread's speed
 * instead of waiting for a descheduled worker. Only the thread the team is attached to may
 * {@link #run} it, one job at a time; products, flat loops and jobs issued from inside a part run
 * on that thread alone (a batch-parallel inference's parts call the same kernels as one thread).
 */
public final class Team implements AutoCloseable {
  /** How long an idle worker spins before parking. */
  private static final long SPIN_NANOS = 100_000;

  private static final ThreadLocal<Team> CURRENT = new ThreadLocal<>();

  /** A job split in {@code parts}; part 0 runs on the calling thread. */
  public interface Part {
    /**
     * Runs one part.
     *
     * @param part this part's index, from 0
     * @param parts the number of parts
     */
    void run(int part, int parts);
  }

  /** A loop body over a range of a flat array. */
  public interface Range {
    /**
     * Runs the body over {@code [from, to)}.
     *
     * @param from the first index
     * @param to the index just past the last
     */
    void run(int from, int to);
  }

  /** Flat loops are cut at multiples of one 512-bit vector. */
  private static final int FLAT_ALIGN = 16;

  /**
   * Flat arrays shorter than this are not worth splitting: clearing 65,536 floats takes about
   * 1.3 µs on one core (TeamScaling's best round), no more than the hand-off, and an optimizer's
   * update of them a few µs. A dense layer's weights (the MLP's 100,352) are still cut, at the
   * points its products are cut, so each thread updates the slice it computed.
   */
  static final int MIN_FLAT = Integer.getInteger("netc.team.minFlat", 65_536);

  private final int size;
  private final Worker[] workers;
  private volatile boolean closed;
  private volatile long generation;
  /** The current job, published by the volatile write of {@link #generation}. */
  private Part job;
  private Thread owner;
  /** Jobs handed to the workers so far; written by the owner only. */
  private long jobs;
  private final ParallelGemm products;

  private Team(int size) {
    this.size = size;
    this.workers = new Worker[size - 1];
    this.products = new ParallelGemm(this);
    this.ranges = new RangeJob();
    this.clear = new Clear();
    this.finite = new Finite(size);
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i + 1);
      Thread t = new Thread(workers[i], "netc-team-" + (i + 1));
      t.setDaemon(true);
      workers[i].thread = t;
      t.start();
    }
  }

  /**
   * Starts a team of {@code threads} threads in total: the caller plus {@code threads - 1} workers.
   * @param threads the team's size, at least 1
   * @return the started team; close it to stop its threads
   */
  public static Team start(int threads) {
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("a team has 1 to 64 threads, got " + threads);
    }
    return new Team(threads);
  }

  /**
   * Threads in the team, the caller included.
   * @return the team's size
   */
  public int size() {
    return size;
  }

  /**
   * Makes this team share the calling thread's products until {@link #detach}. Returns this.
   *
   * @throws IllegalStateException if the team is closed or attached to another thread
   * @return this team
   */
  public synchronized Team attach() {
    if (closed) {
      throw new IllegalStateException("team is closed");
    }
    Thread me = Thread.currentThread();
    if (owner != null && owner != me) {
      throw new IllegalStateException("team is attached to " + owner.getName());
    }
    owner = me;
    CURRENT.set(this);
    return this;
  }

  /** Stops sharing the calling thread's products; they run on it alone again. */
  public synchronized void detach() {
    if (owner == Thread.currentThread()) {
      owner = null;
      CURRENT.remove();
    }
  }

  /**
   * The team attached to the calling thread, or null.
   * @return the team, or null
   */
  public static Team current() {
    return CURRENT.get();
  }

  /**
   * The team attached to the calling thread if it has more than one thread and is not running a
   * job (the caller is not inside one of its parts), else null: what a kernel asks before it
   * splits its work.
   *
   * @return the team free to share the caller's work, or null
   */
  public static Team sharing() {
    Team t = CURRENT.get();
    // job is written only by the owner, the one thread CURRENT returns t on
    return t == null || t.size < 2 || t.closed || t.job != null ? null : t;
  }

  /**
   * How many jobs this team has shared between its threads so far (work that ran on the caller
   * alone is not counted): lets a test or a benchmark see whether a call was split.
   *
   * @return the number of jobs run on more than one thread
   */
  public long jobs() {
    return jobs;
  }

  ParallelGemm products() {
    return products;
  }

  private final RangeJob ranges;

  /**
   * Runs {@code body} over {@code [0, total)} cut into {@code size()} ranges at {@link #cut}'s
   * points (multiples of 16), one per thread. For element-wise loops over parameter-sized arrays
   * (optimizer updates, clearing gradients), which then touch the same slices as the products.
   * @param total the array's length
   * @param body the loop body
   */
  public void forRanges(int total, Range body) {
    if (size == 1 || total < MIN_FLAT || job != null) {
      body.run(0, total);
      return;
    }
    ranges.total = total;
    ranges.body = body;
    try {
      run(ranges);
    } finally {
      ranges.body = null;
    }
  }

  private final Clear clear;
  private final Finite finite;

  /** {@code Arrays.fill(a, 0f)}, each thread clearing its own slice. */
  void clear(float[] a) {
    clear.target = a;
    try {
      forRanges(a.length, clear);
    } finally {
      clear.target = null;
    }
  }

  /** Whether every float of {@code a} is finite, each thread checking its own slice. */
  boolean allFinite(float[] a) {
    finite.target = a;
    java.util.Arrays.fill(finite.bad, false);
    try {
      run(finite);
    } finally {
      finite.target = null;
    }
    for (boolean b : finite.bad) {
      if (b) {
        return false;
      }
    }
    return true;
  }

  private static final class Clear implements Range {
    float[] target;

    @Override
    public void run(int from, int to) {
      java.util.Arrays.fill(target, from, to, 0f);
    }
  }

  /** A part per thread, so that each records its own answer. */
  private static final class Finite implements Part {
    float[] target;
    final boolean[] bad;

    Finite(int parts) {
      bad = new boolean[parts];
    }

    @Override
    public void run(int part, int parts) {
      int from = cut(target.length, parts, part, FLAT_ALIGN);
      int to = cut(target.length, parts, part + 1, FLAT_ALIGN);
      bad[part] = from < to && !Elementwise.allFinite(target, from, to);
    }
  }

  private static final class RangeJob implements Part {
    int total;
    Range body;

    @Override
    public void run(int part, int parts) {
      int from = cut(total, parts, part, FLAT_ALIGN);
      int to = cut(total, parts, part + 1, FLAT_ALIGN);
      if (from < to) {
        body.run(from, to);
      }
    }
  }

  /**
   * Runs {@code part} as {@code size()} parts, part 0 on the calling thread, and returns when all
   * are done. A failure in any part is rethrown here after every part has finished.
   * @param part the job
   */
  public void run(Part part) {
    if (size == 1) {
      part.run(0, 1);
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("Team.run from a thread the team is not attached to");
    }
    if (job != null) {
      // issued from inside part 0 of a running job: the workers are busy, so run every part
      // here, in part order (the same cuts and the same bits as when they run in parallel)
      for (int p = 0; p < size; p++) {
        part.run(p, size);
      }
      return;
    }
    job = part;
    jobs++;
    long g = generation + 1;
    generation = g;
    for (Worker w : workers) {
      if (w.parked) {
        LockSupport.unpark(w.thread);
      }
    }
    Throwable failure = null;
    try {
      part.run(0, size);
    } catch (Throwable t) {
      failure = t;
    }
    for (Worker w : workers) {
      if (w.claimed.compareAndSet(g - 1, g)) {
        // the worker has not started its part (descheduled on a busy machine, or still waking
        // up): run it here rather than wait; the part computes the same thing on any thread
        try {
          part.run(w.index, size);
        } catch (Throwable t) {
          if (failure == null) {
            failure = t;
          }
        }
        continue;
      }
      awaitDone(w, g);
      if (w.failure != null && failure == null) {
        failure = w.failure;
      }
      w.failure = null;
    }
    job = null;
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException("team part failed", failure);
    }
  }

  /** Waits for a worker that has claimed its part: spinning first, since parts are short. */
  private static void awaitDone(Worker w, long g) {
    long start = System.nanoTime();
    while (w.done != g) {
      if (System.nanoTime() - start < SPIN_NANOS) {
        Thread.onSpinWait();
      } else {
        // the worker lost its core mid-part: stop competing with it for one
        Thread.yield();
      }
    }
  }

  /**
   * The start of part {@code p} of {@code parts} over {@code [0, total)}, rounded to a multiple of
   * {@code align}; {@code cut(total, parts, parts, align) == total}. Every split of the same
   * extent uses the same points, so a thread owns the same rows of a tensor in every product and
   * loop that touches it.
   * @param total the extent
   * @param parts the number of parts
   * @param p the part, from 0 to {@code parts}
   * @param align the multiple the points are rounded to
   * @return the start of part {@code p}
   */
  public static int cut(int total, int parts, int p, int align) {
    if (p >= parts) {
      return total;
    }
    long raw = (long) total * p / parts;
    long rounded = (raw + align / 2) / align * align;
    return (int) Math.min(total, rounded);
  }

  /** Stops the workers. The team cannot be used afterwards. */
  @Override
  public synchronized void close() {
    closed = true;
    if (owner == Thread.currentThread()) {
      CURRENT.remove();
    }
    owner = null;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }

  private final class Worker implements Runnable {
    final int index;
    Thread thread;
    /** The last generation whose part this worker's slot was claimed for, by it or the caller. */
    final java.util.concurrent.atomic.AtomicLong claimed = new java.util.concurrent.atomic.AtomicLong();
    volatile long done;
    volatile boolean parked;
    Throwable failure;
    // padding: done is written by this worker and polled by the caller, keep it off the
    // lines of other workers' counters
    @SuppressWarnings("unused")
    long p0, p1, p2, p3, p4, p5, p6;

    Worker(int index) {
      this.index = index;
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long start = System.nanoTime();
        while (generation == seen && !closed) {
          if (System.nanoTime() - start < SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            parked = true;
            if (generation == seen && !closed) {
              LockSupport.park(Team.this);
            }
            parked = false;
          }
        }
        if (closed) {
          return;
        }
        long g = generation;
        seen = g;
        if (!claimed.compareAndSet(g - 1, g)) {
          continue; // the caller ran this part itself
        }
        try {
          job.run(index, size);
        } catch (Throwable t) {
          failure = t;
        }
        done = g;
      }
    }
  }
}
