package dev.netc.spark;

import dev.netc.runtime.LossKind;
import dev.netc.runtime.Model;
import dev.netc.runtime.OptimizerSpec;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.TrainingSpec;
import dev.netc.runtime.Workspace;
import dev.netc.samples.FashionMlp;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * FashionMlp whose gradient computation fails once: in the first attempt of partition 1's task,
 * on that partition's {@link #FAIL_AT}th gradient, after the forward and backward passes ran (so
 * the workspace, its dropout generator and the shard's buffers are already changed when the task
 * dies). Tasks run in this JVM (local mode), so static flags reach them.
 */
public final class FlakyModel implements Model {
  static final int FAIL_AT = 3;
  static final AtomicInteger calls = new AtomicInteger();
  static final AtomicBoolean failed = new AtomicBoolean();
  static final AtomicBoolean retried = new AtomicBoolean();
  static volatile boolean armed;

  private final FashionMlp m = new FashionMlp();

  static void arm() {
    calls.set(0);
    failed.set(false);
    retried.set(false);
    armed = true;
  }

  @Override
  public double computeGradients(Workspace ws, float[] in, float[] target, int batch, boolean inputGradient) {
    double loss = m.computeGradients(ws, in, target, batch, inputGradient);
    TaskContext task = TaskContext.get();
    if (armed && task != null && task.partitionId() == 1) {
      if (task.attemptNumber() > 0) {
        retried.set(true);
      } else if (calls.incrementAndGet() == FAIL_AT && failed.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure in stage " + task.stageId() + ", partition 1");
      }
    }
    return loss;
  }

  @Override public String name() { return m.name(); }
  @Override public int[] inputShape() { return m.inputShape(); }
  @Override public int inputSize() { return m.inputSize(); }
  @Override public int[] outputShape() { return m.outputShape(); }
  @Override public int outputSize() { return m.outputSize(); }
  @Override public int targetSize() { return m.targetSize(); }
  @Override public LossKind loss() { return m.loss(); }
  @Override public OptimizerSpec optimizerSpec() { return m.optimizerSpec(); }
  @Override public TrainingSpec trainingSpec() { return m.trainingSpec(); }
  @Override public List<ParameterInfo> parameterInfo() { return m.parameterInfo(); }
  @Override public int parameterCount() { return m.parameterCount(); }
  @Override public float[] parameters() { return m.parameters(); }
  @Override public void initialize(long seed) { m.initialize(seed); }
  @Override public Workspace newWorkspace(int maxBatch, long seed) { return m.newWorkspace(maxBatch, seed); }
  @Override public void forward(Workspace ws, float[] in, float[] out, int batch, boolean training) {
    m.forward(ws, in, out, batch, training);
  }
  @Override public double computeLoss(Workspace ws, float[] in, float[] target, int batch) {
    return m.computeLoss(ws, in, target, batch);
  }
  @Override public void predict(float[] in, float[] out) { m.predict(in, out); }
  @Override public float[] predict(float[] in) { return m.predict(in); }
  @Override public int predictClass(float[] in) { return m.predictClass(in); }
  @Override public String summary() { return m.summary(); }
}
