package dev.netc.codegen.ops;

import dev.netc.codegen.base.Shape;
import dev.netc.runtime.LossKind;

/**
 * A loss: its value and its gradient with respect to the network output, emitted side by side.
 * Bodies see {@code float[] y} (output), {@code float[] t} (targets, same layout), {@code float[]
 * gy} (gradient of the output) and {@code int batch}. The value body returns the mean loss; it
 * runs before the gradient body on the same workspace and may leave intermediate results in
 * {@code gy} for it (softmax cross-entropy leaves the probabilities there).
 */
public interface LossDef {

  String name();

  String doc();

  LossKind kind();

  void emitValue(LayerCode code, Shape output);

  void emitGradient(LayerCode code, Shape output);

  /** Target floats per example for an output of shape {@code output}: the same layout by default. */
  default long targetSize(Shape output) {
    return output.size();
  }

  /** Floats per row: the class axis for per-row losses. */
  static int lastDim(Shape s) {
    return s.dim(s.rank() - 1);
  }
}
