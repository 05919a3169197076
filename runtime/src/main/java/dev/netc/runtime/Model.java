package dev.netc.runtime;

import java.util.List;

/**
 * A network compiled by netc. Generated classes implement this through {@link GeneratedModel}.
 *
 * <p>All arrays are flat, row-major, example after example: a batch of {@code n} inputs is
 * {@code float[n * inputSize()]}. Parameters live in one flat buffer shared by all threads; every
 * thread computes in its own {@link Workspace}, so one trained model can {@link #predict} from many
 * threads at once. Training writes gradients into the workspace, never into shared state.
 *
 * <p>A new generated model's parameters are all zero, and it refuses to predict or train
 * ({@link IllegalStateException}) until {@link #initialize} ran, a model file was loaded, or
 * parameters were written through {@link #parameters()} ({@link GeneratedModel#markParametersSet()}
 * when all-zero parameters are meant): all-zero weights would predict a constant and train
 * nowhere, without a word.
 */
public interface Model {

  /**
   * The network's name as declared ({@code network FashionMlp}).
   * @return the network's name
   */
  String name();

  /**
   * Per-example input shape, without the batch dimension.
   * @return the input shape
   */
  int[] inputShape();

  /**
   * Floats per input example (product of {@link #inputShape()}).
   * @return the input size
   */
  int inputSize();

  /**
   * Per-example output shape: the shape of the network's output value.
   * @return the output shape
   */
  int[] outputShape();

  /**
   * The declared inputs. A network with several takes them packed per example in this order
   * ({@link InputPort#offset()}); {@link #inputShape()} is then {@code [inputSize()]}.
   * @return the inputs, at least one
   */
  default List<InputPort> inputs() {
    return List.of(new InputPort("input", inputShape(), 0, false));
  }

  /**
   * The outputs and their losses. A network with several returns them packed per example in this
   * order ({@link OutputPort#offset()}) and takes their targets packed the same way.
   * @return the outputs, at least one
   */
  default List<OutputPort> outputs() {
    return List.of(new OutputPort("output", outputShape(), 0, loss(), 1.0, 0, targetSize()));
  }

  /**
   * Floats per output example.
   * @return the output size
   */
  int outputSize();

  /**
   * Floats per target example that {@link #computeGradients} expects for the declared loss.
   * @return the target size
   */
  int targetSize();

  /**
   * The loss declared in the network.
   * @return the loss
   */
  LossKind loss();

  /**
   * The optimizer declared in the network, or SGD with lr 0.01 when none was declared.
   * @return the optimizer's name and arguments
   */
  OptimizerSpec optimizerSpec();

  /**
   * Values from the network's {@code training { ... }} block (batch, epochs, seed).
   * @return the training settings
   */
  TrainingSpec trainingSpec();

  /**
   * The layout of the flat parameter buffer.
   * @return one entry per parameter tensor, in buffer order
   */
  List<ParameterInfo> parameterInfo();

  /** {@return the number of floats in the parameter buffer} */
  int parameterCount();

  /**
   * The live flat parameter buffer (not a copy).
   * @return the parameter buffer
   */
  float[] parameters();

  /**
   * Initializes every parameter with its declared initializer from a seeded generator.
   * @param seed the generator's seed
   */
  void initialize(long seed);

  /**
   * A workspace for batches of up to {@code maxBatch} examples; one per thread.
   * @param maxBatch the largest batch it will hold
   * @return a new workspace
   */
  default Workspace newWorkspace(int maxBatch) {
    return newWorkspace(maxBatch, 0);
  }

  /**
   * A workspace whose dropout generator starts from {@code seed}.
   * @param maxBatch the largest batch it will hold
   * @param seed the dropout generator's seed
   * @return a new workspace
   */
  Workspace newWorkspace(int maxBatch, long seed);

  /**
   * Runs the forward pass for {@code batch} examples and copies the output value into {@code out}
   * ({@code batch * outputSize()} floats). {@code training} turns on dropout and batch statistics.
   * @param ws the workspace, used by one thread at a time
   * @param in {@code batch * inputSize()} floats
   * @param out receives {@code batch * outputSize()} floats
   * @param batch the number of examples
   * @param training true for training mode
   */
  void forward(Workspace ws, float[] in, float[] out, int batch, boolean training);

  /**
   * Forward in training mode, loss, and backward: writes the gradient of the mean loss over the
   * batch into {@code ws.gradients()} (overwriting it) and returns that mean loss. When {@code
   * inputGradient} is true the gradient with respect to the input is written into {@code
   * ws.inputGradient()}.
   * @param ws the workspace, used by one thread at a time
   * @param in {@code batch * inputSize()} floats
   * @param target {@code batch * targetSize()} floats
   * @param batch the number of examples
   * @param inputGradient whether to compute the gradient with respect to the input
   * @return the mean loss of the batch
   */
  double computeGradients(
      Workspace ws, float[] in, float[] target, int batch, boolean inputGradient);

  /**
   * Mean loss of the batch in inference mode (no dropout), without gradients.
   * @param ws the workspace, used by one thread at a time
   * @param in {@code batch * inputSize()} floats
   * @param target {@code batch * targetSize()} floats
   * @param batch the number of examples
   * @return the mean loss of the batch
   */
  double computeLoss(Workspace ws, float[] in, float[] target, int batch);

  /**
   * The output of the most recent forward pass on {@code ws} (including the one inside {@link
   * #computeGradients} and {@link #computeLoss}), {@code batch * outputSize()} floats from index 0,
   * or null when the model cannot expose it. The trainer reads training accuracy from it instead of
   * running a second forward pass, which would cost time and, with dropout or batch norm, change
   * the random stream and the running statistics. The array is live workspace memory: read it
   * before the next pass on {@code ws}.
   * @param ws the workspace of the pass
   * @return the last output, or null
   */
  default float[] lastOutput(Workspace ws) {
    return null;
  }

  /**
   * Single-example inference using a per-thread workspace. Thread-safe. {@code in} must be exactly
   * {@link #inputSize()} floats and {@code out} exactly {@link #outputSize()}: a longer array is
   * rejected rather than read in part (for batches use {@link #forward}).
   *
   * @param in one example's input
   * @param out receives the example's output
   */
  void predict(float[] in, float[] out);

  /**
   * Single-example inference returning a new array ({@code in} exactly one example). Thread-safe.
   *
   * @param in one example's input
   * @return the example's output
   */
  float[] predict(float[] in);

  /**
   * Index of the largest output for one example. Thread-safe.
   *
   * @throws ArithmeticException when an output is NaN (there is no largest), naming a NaN or
   *     infinity in the input when there is one
   * @param in {@code inputSize()} floats
   * @return the class index
   */
  int predictClass(float[] in);

  /**
   * Class probabilities for one example ({@code in} exactly {@link #inputSize()} floats), a new
   * array of {@link #outputSize()} floats, read from the outputs as the declared loss reads them:
   *
   * <ul>
   *   <li>{@link LossKind#SOFTMAX_CROSS_ENTROPY}: the outputs are logits; a softmax over the last
   *       axis of the output shape makes them sum to 1 (for an output {@code [T, classes]}, at
   *       every position);
   *   <li>{@link LossKind#BINARY_CROSS_ENTROPY_WITH_LOGITS}: a sigmoid per output, each the
   *       probability of its label on its own (they need not sum to 1);
   *   <li>{@link LossKind#KL_DIVERGENCE}: the outputs are log-probabilities; {@code exp} of each.
   * </ul>
   *
   * Thread-safe, like {@link #predict(float[])}.
   *
   * @param in one example's input
   * @return the class probabilities
   * @throws UnsupportedOperationException for a regression loss such as {@link LossKind#MSE}
   * @throws ArithmeticException when an output is NaN
   */
  default float[] predictProbabilities(float[] in) {
    return Probabilities.of(this, in, predict(in));
  }

  /**
   * Layers, output shapes, parameter counts, FLOPs and workspace bytes as a table.
   *
   * @return the table
   */
  String summary();

  /**
   * Marks the start of training, until the returned handle is closed. While it is open, {@link
   * #predict} and {@link #predictClass} on other threads throw {@link IllegalStateException}
   * (including a prediction that was already running when training began, since it may have read
   * half-updated parameters); the training thread itself may still predict. Serve predictions
   * during training from a {@link GeneratedModel#snapshot() snapshot}. A trainer should wrap its
   * whole run in {@code try (var t = model.beginTraining()) { ... }}; the default does nothing.
   *
   * @throws IllegalStateException when another training session is open on this model
   * @return the session; close it when training ends
   */
  default TrainingSession beginTraining() {
    return () -> {};
  }

  /** An open training session: closing it re-enables predictions from other threads. */
  interface TrainingSession extends AutoCloseable {
    @Override
    void close();
  }
}
