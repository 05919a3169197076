package dev.netc.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * One training step's gradient computed on two threads: the batch is split in two halves, a
 * worker thread computes the second half in its own {@link Workspace} while the caller computes
 * the first, and the two mean gradients are combined as {@code (n0 g0 + n1 g1) / n} in a fixed
 * order, so the result is bitwise the same from run to run for a given thread count. The second
 * half's outputs are copied after the first half's, so {@link Model#lastOutput} of the main
 * workspace covers the whole batch as with one thread.
 *
 * <p>The hand-off allocates nothing: the worker spins briefly on a volatile generation counter
 * (a training step is tens of microseconds, shorter than a park/unpark round trip), then parks.
 * Models whose forward pass updates parameters itself (batch-norm running statistics) must not
 * use this: both halves would write the same state; {@link #supports} says so.
 */
final class DataParallelStep implements AutoCloseable {
  private static final long SPIN_NANOS = 200_000;

  private final Model model;
  private final Workspace main;
  private final Workspace second;
  private final float[] x1;
  private final float[] y1;
  private final Thread worker;
  private final Thread caller;

  private volatile long posted;
  private volatile long done;
  private volatile boolean closed;
  private volatile Throwable failure;
  // the worker's job, published by the volatile write of posted
  private float[] xs;
  private float[] ys;
  private int from;
  private int count1;
  private double loss1;

  DataParallelStep(Model model, Workspace main, int maxBatch, long seed) {
    this.model = model;
    this.main = main;
    this.second = model.newWorkspace(maxBatch, seed);
    this.x1 = new float[maxBatch * model.inputSize()];
    this.y1 = new float[maxBatch * model.targetSize()];
    this.caller = Thread.currentThread();
    this.worker = new Thread(this::work, "netc-data-parallel");
    worker.setDaemon(true);
    worker.start();
  }

  /** Whether two halves can train at once: no parameter is maintained by the forward pass. */
  static boolean supports(Model model) {
    return model.parameterInfo().stream().allMatch(ParameterInfo::trainable);
  }

  /**
   * Fills {@code main.gradients()} with the gradient of the mean loss over the batch and returns
   * that loss. Batches of one example run on the calling thread alone.
   */
  double computeGradients(float[] x, float[] y, int count) {
    if (count < 2) {
      return model.computeGradients(main, x, y, count, false);
    }
    int count0 = (count + 1) / 2;
    int count1 = count - count0;
    this.xs = x;
    this.ys = y;
    this.from = count0;
    this.count1 = count1;
    long job = posted + 1;
    posted = job;
    LockSupport.unpark(worker);
    double loss0 = model.computeGradients(main, x, y, count0, false);
    await(job);
    Throwable t = failure;
    if (t != null) {
      failure = null;
      if (t instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("data-parallel worker failed", t);
    }
    float w0 = (float) count0 / count;
    float w1 = (float) count1 / count;
    float[] g0 = main.gradients();
    float[] g1 = second.gradients();
    for (int i = 0; i < g0.length; i++) {
      g0[i] = w0 * g0[i] + w1 * g1[i];
    }
    float[] out0 = model.lastOutput(main);
    float[] out1 = model.lastOutput(second);
    if (out0 != null && out1 != null) {
      int o = model.outputSize();
      System.arraycopy(out1, 0, out0, count0 * o, count1 * o);
    }
    return (count0 * loss0 + count1 * loss1) / count;
  }

  private void await(long job) {
    long start = System.nanoTime();
    while (done != job) {
      if (System.nanoTime() - start < SPIN_NANOS) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 50_000);
      }
    }
  }

  private void work() {
    long seen = 0;
    while (true) {
      long start = System.nanoTime();
      while (posted == seen && !closed) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      if (closed) {
        return;
      }
      long job = posted;
      seen = job;
      try {
        int in = model.inputSize();
        int tg = model.targetSize();
        System.arraycopy(xs, from * in, x1, 0, count1 * in);
        System.arraycopy(ys, from * tg, y1, 0, count1 * tg);
        loss1 = model.computeGradients(second, x1, y1, count1, false);
      } catch (Throwable t) {
        failure = t;
      }
      done = job;
      LockSupport.unpark(caller);
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(worker);
  }
}
