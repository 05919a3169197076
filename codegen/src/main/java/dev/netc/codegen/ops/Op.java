package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import java.util.List;

/**
 * One op of the catalogue: its argument schema, shape rule, parameters, FLOP count, forward
 * emitter and backward emitter, side by side in one class.
 *
 * <p>Emitters write the body of a per-layer method. Forward bodies see {@code float[] x} (input),
 * {@code float[] y} (output), {@code int batch}, the parameter buffer {@code p}, the extra buffers
 * the op declares, and, when {@link #usesTrainingMode()}, {@code boolean training} and {@code Rng
 * rng}. Backward bodies additionally see {@code float[] gy} (gradient of the output, which they
 * may overwrite), {@code float[] gx} (gradient of the input, to write or, when {@link
 * LayerCode#accumulate()}, add to; null when not wanted) and {@code float[] g} (parameter
 * gradients, to add to).
 */
public interface Op {

  String name();

  /** One line for the catalogue listing and error hints. */
  String doc();

  List<ArgSpec> args();

  /** The output shape, or null after reporting at the right place why there is none. */
  Shape inferShape(Shape input, Args args, Diagnostics diags, String where);

  /**
   * The fewest values the op reads: 1 for a layer, 2 for a merge such as {@code add}. An op reading
   * more than one gets its inputs as {@code x0, x1, ...} and writes {@code gx0, gx1, ...}.
   */
  default int minInputs() {
    return 1;
  }

  /** The most values the op reads: 1 for a layer, {@link Integer#MAX_VALUE} for an n-ary merge. */
  default int maxInputs() {
    return 1;
  }

  /** Whether the op reads several values ({@code x0, x1, ...} in its methods). */
  default boolean isMerge() {
    return maxInputs() > 1;
  }

  /**
   * The output shape of a merge of {@code inputs}, whose values are called {@code names} in
   * messages; null after reporting at {@code args.pos()} why there is none. Layers reading one value
   * keep to {@link #inferShape(Shape, Args, Diagnostics, String)}.
   */
  default Shape inferShape(List<Shape> inputs, List<String> names, Args args, Diagnostics diags, String where) {
    return inferShape(inputs.get(0), args, diags, where);
  }

  /**
   * Arguments that name an earlier value rather than give a setting (a recurrent layer's {@code
   * initial_state}): each value given becomes one more input of the layer after the one it reads,
   * in this order, so its gradient flows back into it. The layer's methods call it {@link
   * ValueArg#param()} and its gradient {@code g} + that name.
   */
  default List<ValueArg> valueArgs() {
    return List.of();
  }

  /**
   * The shape the value of {@code arg} (one of {@link #valueArgs()}) must have for a layer reading
   * {@code input} with {@code args}.
   */
  default Shape valueArgShape(String arg, Shape input, Args args) {
    throw new IllegalArgumentException(name() + " takes no value argument " + arg);
  }

  /** Trainable tensors, in layout order. */
  default List<ParamSpec> parameters(Shape input, Args args) {
    return List.of();
  }

  /** Multiply-adds count as two. Per example, forward pass. */
  default long flops(Shape input, Shape output, Args args) {
    return output.size();
  }

  /** Output shares the input's memory (flatten, reshape): no code, no buffer. */
  default boolean isView() {
    return false;
  }

  /**
   * Extra per-example workspace buffers the op keeps between forward and backward; for an op whose
   * buffers depend on the kernel, those of the kernel needing the most (the names the checker
   * reserves).
   */
  default List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return List.of();
  }

  /** The extra buffers the layer keeps with the kernel the plan chose: the ones laid out. */
  default List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args, Kernel kernel) {
    return extraBuffers(input, output, args);
  }

  /** Whether forward behaves differently in training (dropout, batch norm). */
  default boolean usesTrainingMode() {
    return false;
  }

  /**
   * Whether the op reads an {@code int[...]} input (token ids, passed as exact floats); every
   * other op needs such an input turned into vectors first.
   */
  default boolean acceptsIntegerInput() {
    return false;
  }

  /** Short description of what a layer computes, for the generated comment, e.g. "relu". */
  default String describe(Args args) {
    return name();
  }

  /**
   * The matrix product per example whose kernel the cost model chooses ({@link
   * LayerCode#kernel()}), or null when the op has none to choose.
   */
  default MatmulShape matmul(Shape input, Shape output, Args args) {
    return null;
  }

  /**
   * The sliding window of a convolution, whose variant the cost model chooses ({@link
   * LayerCode#kernel()}: im2col, pointwise or direct), or null when the op is no convolution.
   */
  default Window convolution(Shape input, Args args) {
    return null;
  }

  /**
   * The channel groups of a convolution ({@link #convolution}): 1 when every filter sees every
   * channel, the channel count for a depthwise layer.
   */
  default int convolutionGroups(Args args) {
    return 1;
  }

  /**
   * Why the op always calls the runtime's matrix kernels whatever its size (for the build report),
   * or null when it calls none or lets the cost model choose.
   */
  default String fixedKernelReason() {
    return null;
  }

  void emitForward(LayerCode code);

  void emitBackward(LayerCode code);

  /**
   * An argument naming a value ({@link #valueArgs()}), e.g. {@code initial_state}, called {@code
   * param} ({@code h0}) in the layer's methods.
   */
  record ValueArg(String name, String param, String doc) {}

  /** A named per-example buffer, e.g. {@code mask} of dropout. */
  record ExtraBuffer(String name, long size, String doc) {}
}
