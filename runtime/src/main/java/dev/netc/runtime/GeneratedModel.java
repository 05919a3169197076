package dev.netc.runtime;

import java.util.List;

/**
 * Base class of every generated network: owns the flat parameter buffer and the per-thread
 * inference workspaces, and turns the three generated passes into the {@link Model} API.
 */
public abstract class GeneratedModel implements Model {
  private final ModelLayout layout;
  private final int inputSize;
  private final int outputSize;

  /** The flat parameter buffer; generated code reads it at constant offsets. */
  protected final float[] params;

  private final ThreadLocal<Workspace> inferenceWorkspace;

  /** How a prediction's size error calls one input example: packed, with its ports, when several. */
  private final String oneExample;

  /** One packed input example per thread, for {@link #predictAll(float[][], float[][])}. */
  private final ThreadLocal<float[]> packedInput;

  /** The thread training this model, or null (see {@link Model#beginTraining()}). */
  private final java.util.concurrent.atomic.AtomicReference<Thread> trainer =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Incremented when training begins: a prediction that sees it change overlapped training. */
  private volatile long trainingEpoch;

  /**
   * Whether the parameters were set (initialized, loaded, copied or declared set): until then a
   * pass fails instead of computing from the all-zero buffer. Plain field: a thread that sees a
   * stale false only re-checks the buffer.
   */
  private boolean parametersSet;

  /**
   * Allocates the parameter buffer for {@code layout}.
   *
   * @param layout the generated class's parameter and workspace layout
   */
  protected GeneratedModel(ModelLayout layout) {
    this.layout = layout;
    this.inputSize = ModelLayout.product(layout.inputShape());
    this.outputSize = ModelLayout.product(layout.outputShape());
    this.params = new float[layout.parameterCount()];
    this.oneExample = layout.inputs().size() == 1 ? "one example" : "one packed example ("
        + String.join(" then ", layout.inputs().stream().map(InputPort::toString).toList())
        + "; predict(Map) takes them by name)";
    // a subclass, not withInitial(lambda): the first lambda a JVM links costs milliseconds of
    // a cold start
    this.inferenceWorkspace = new ThreadLocal<>() {
      @Override
      protected Workspace initialValue() {
        return newWorkspace(1);
      }
    };
    this.packedInput = new ThreadLocal<>() {
      @Override
      protected float[] initialValue() {
        return new float[inputSize];
      }
    };
  }

  /**
   * Forward pass over {@code batch} examples; the output lands in the output buffer.
   * @param ws the workspace
   * @param in {@code batch * inputSize()} floats
   * @param batch the number of examples
   * @param training true for training mode
   */
  protected abstract void forwardPass(Workspace ws, float[] in, int batch, boolean training);

  /**
   * Mean loss of the batch, computed from the output buffer that the forward pass filled.
   * @param ws the workspace the forward pass used
   * @param target {@code batch * targetSize()} floats
   * @param batch the number of examples
   * @return the mean loss
   */
  protected abstract double lossValue(Workspace ws, float[] target, int batch);

  /**
   * Backward pass after a training-mode forward pass on the same workspace: overwrites {@code
   * ws.gradients()} with the gradient of the mean loss, and {@code ws.inputGradient()} when asked.
   * Leaves the output buffer as the forward pass wrote it ({@link #lastOutput} reads it).
   * @param ws the workspace the forward pass used
   * @param in the forward pass's input
   * @param target {@code batch * targetSize()} floats
   * @param batch the number of examples
   * @param inputGradient whether to write the gradient with respect to the input
   */
  protected abstract void backwardPass(
      Workspace ws, float[] in, float[] target, int batch, boolean inputGradient);

  /** {@return the parameter and workspace layout of the generated class} */
  public ModelLayout layout() {
    return layout;
  }

  @Override
  public String name() {
    return layout.name();
  }

  @Override
  public int[] inputShape() {
    return layout.inputShape().clone();
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int[] outputShape() {
    return layout.outputShape().clone();
  }

  @Override
  public List<InputPort> inputs() {
    return layout.inputs();
  }

  @Override
  public List<OutputPort> outputs() {
    return layout.outputs();
  }

  @Override
  public int outputSize() {
    return outputSize;
  }

  @Override
  public int targetSize() {
    return layout.targetSize();
  }

  @Override
  public LossKind loss() {
    return layout.loss();
  }

  @Override
  public OptimizerSpec optimizerSpec() {
    return layout.optimizer();
  }

  @Override
  public TrainingSpec trainingSpec() {
    return layout.training();
  }

  @Override
  public List<ParameterInfo> parameterInfo() {
    return layout.parameters();
  }

  @Override
  public int parameterCount() {
    return params.length;
  }

  @Override
  public float[] parameters() {
    return params;
  }

  @Override
  public void initialize(long seed) {
    Rng rng = new Rng(seed);
    for (ParameterInfo p : layout.parameters()) {
      p.init().fill(params, p.offset(), p.size(), p.fanIn(), p.fanOut(), rng);
    }
    parametersSet = true;
  }

  /**
   * Declares the parameters set by hand. A new model's buffer is all zero, and every pass
   * ({@link #forward}, {@link #computeGradients}, {@link #computeLoss}, the predictions) fails
   * until {@link #initialize} ran, a model file was loaded ({@code ModelFile.load}), or some
   * parameter was written non-zero through {@link #parameters()}. Call this when all-zero
   * parameters are really what you mean (a linear model trained from zero, a test).
   */
  public void markParametersSet() {
    parametersSet = true;
  }

  /**
   * Whether the parameters were set: see {@link #markParametersSet()}.
   *
   * @return true once initialized, loaded, copied, written non-zero or marked set
   */
  public boolean parametersSet() {
    if (!parametersSet) {
      parametersSet = params.length == 0 || ModelChecks.anyNonZero(params);
    }
    return parametersSet;
  }

  private void requireParametersSet() {
    if (!parametersSet && !parametersSet()) {
      throw ModelChecks.notSet(this);
    }
  }

  @Override
  public Workspace newWorkspace(int maxBatch, long seed) {
    return new Workspace(layout.bufferSizes(), params.length, inputSize, maxBatch, seed);
  }

  /**
   * {@inheritDoc}
   *
   * <p>An inference pass ({@code training} false) on a thread with a {@code kernels.Team}
   * attached is split by examples when the batch is large enough to gain: each of the team's
   * threads runs the whole pass over its slice, on helper workspaces {@code ws} keeps
   * ({@code BatchSplit}).
   */
  @Override
  public void forward(Workspace ws, float[] in, float[] out, int batch, boolean training) {
    checkArrays(ws, in, inputSize, batch, "input");
    checkLength(out, outputSize, batch, "output");
    requireParametersSet();
    BatchSplit split = training ? null : BatchSplit.inference(this, ws, batch);
    if (split != null) {
      split.forward(ws, in, batch);
    } else {
      forwardPass(ws, in, batch, training);
    }
    System.arraycopy(ws.buffers[layout.outputBuffer()], 0, out, 0, batch * outputSize);
  }

  @Override
  public double computeGradients(
      Workspace ws, float[] in, float[] target, int batch, boolean inputGradient) {
    checkArrays(ws, in, inputSize, batch, "input");
    checkLength(target, layout.targetSize(), batch, "target");
    requireParametersSet();
    BatchSplit split = BatchSplit.training(this, ws, batch);
    if (split != null) {
      return split.computeGradients(ws, in, target, batch, inputGradient);
    }
    forwardPass(ws, in, batch, true);
    double loss = lossValue(ws, target, batch);
    backwardPass(ws, in, target, batch, inputGradient);
    return loss;
  }

  @Override
  public double computeLoss(Workspace ws, float[] in, float[] target, int batch) {
    checkArrays(ws, in, inputSize, batch, "input");
    checkLength(target, layout.targetSize(), batch, "target");
    requireParametersSet();
    forwardPass(ws, in, batch, false);
    return lossValue(ws, target, batch);
  }

  /**
   * The workspace's output buffer. Relies on the generated passes leaving that buffer as the
   * forward pass wrote it: {@link #lossValue} and {@link #backwardPass} only read it.
   */
  @Override
  public float[] lastOutput(Workspace ws) {
    return ws.buffers[layout.outputBuffer()];
  }

  @Override
  public void predict(float[] in, float[] out) {
    ModelChecks.oneExample(out, outputSize, "output", "the network's output");
    System.arraycopy(predictOne(in), 0, out, 0, outputSize);
  }

  /**
   * The forward pass of one example ({@code in} exactly {@link #inputSize()} floats) on this
   * thread's workspace; returns the live output buffer, valid until the thread's next prediction.
   */
  private float[] predictOne(float[] in) {
    Workspace ws = inferenceWorkspace.get();
    ModelChecks.oneExample(in, inputSize, "input", oneExample);
    requireParametersSet();
    long epoch = enterPrediction();
    forwardPass(ws, in, 1, false);
    leavePrediction(epoch);
    return ws.buffers[layout.outputBuffer()];
  }

  @Override
  public TrainingSession beginTraining() {
    Thread me = Thread.currentThread();
    if (!trainer.compareAndSet(null, me)) {
      throw new IllegalStateException("model " + name() + " is already being trained by thread "
          + trainer.get().getName());
    }
    trainingEpoch++;
    return new TrainingSession() {
      private boolean closed;

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          trainer.compareAndSet(me, null);
        }
      }
    };
  }

  /**
   * Whether a training session is open on this model.
   * @return whether training is under way
   */
  public boolean isTraining() {
    return trainer.get() != null;
  }

  /**
   * An independent copy of this model (same class, parameters copied now): it can serve
   * predictions while this one trains. Needs the public no-argument constructor that every
   * generated class has.
   * @return the copy
   */
  public GeneratedModel snapshot() {
    GeneratedModel copy;
    try {
      copy = getClass().getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new UnsupportedOperationException(getClass().getName() + " has no public no-argument constructor", e);
    }
    System.arraycopy(params, 0, copy.params, 0, params.length);
    copy.parametersSet = parametersSet;
    return copy;
  }

  private long enterPrediction() {
    long epoch = trainingEpoch;
    Thread t = trainer.get();
    if (t != null && t != Thread.currentThread()) {
      throw overlap();
    }
    return epoch;
  }

  private void leavePrediction(long epoch) {
    if (trainingEpoch != epoch) {
      Thread t = trainer.get();
      if (t != Thread.currentThread()) {
        throw overlap();
      }
    }
  }

  private IllegalStateException overlap() {
    return new IllegalStateException("model " + name() + " is being trained: predictions from other threads"
        + " would read half-updated parameters; predict from model.snapshot() while training, or after it");
  }

  @Override
  public float[] predict(float[] in) {
    float[] out = new float[outputSize];
    predict(in, out);
    return out;
  }

  /** The largest of the first output: the whole output unless the network has several. */
  @Override
  public int predictClass(float[] in) {
    float[] out = predictOne(in);
    OutputPort first = layout.outputs().get(0);
    int from = first.offset();
    ModelChecks.requireNoNaN(this, in, out, from, first.size());
    int best = 0;
    for (int i = 1; i < first.size(); i++) {
      if (out[from + i] > out[from + best]) {
        best = i;
      }
    }
    return best;
  }

  /** Packs into a per-thread buffer and splits the live output: nothing allocated after the first call. */
  @Override
  public void predictAll(float[][] inputs, float[][] outputs) {
    Ports.requireOutputs(this, outputs);
    float[] packed = packedInput.get();
    Ports.packInputs(this, packed, 1, inputs);
    Ports.split(this, predictOne(packed), outputs);
  }

  @Override
  public String summary() {
    return layout.summary();
  }

  @Override
  public String toString() {
    return name() + " (" + params.length + " parameters)";
  }

  private static void checkArrays(Workspace ws, float[] data, int perExample, int batch, String what) {
    ws.checkBatch(batch);
    checkLength(data, perExample, batch, what);
  }

  private static void checkLength(float[] data, int perExample, int batch, String what) {
    if (data.length < (long) perExample * batch) {
      throw new IllegalArgumentException(
          what + " has " + data.length + " floats, a batch of " + batch + " needs "
              + (long) perExample * batch);
    }
  }
}
