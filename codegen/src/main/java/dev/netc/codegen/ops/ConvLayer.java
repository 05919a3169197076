package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import java.util.List;

/**
 * One convolution layer as its variants see it: the window, the filter count, whether it adds a
 * bias and the activation fused into it. A 1d convolution is a 2d one of height 1.
 *
 * @param w the window geometry
 * @param filters output channels
 * @param bias whether a bias per filter is added
 * @param act the fused activation
 */
record ConvLayer(Window w, int filters, boolean bias, Activation act) {

  /** Channels times taps: the inner dimension of every product (k). */
  int taps() {
    return w.c() * w.area();
  }

  /** Output positions per filter and example. */
  int positions() {
    return w.outPlane();
  }

  /** Output floats per example. */
  int outSize() {
    return filters * positions();
  }

  /** leaky_relu's slope or elu's scale, for the activation's code. */
  double alpha() {
    return act == Activation.ELU ? Activation.ELU_ALPHA : Activation.LEAKY_RELU_ALPHA;
  }

  /** The pre-activation buffer, when the activation's derivative needs its input. */
  List<ExtraBuffer> preActivation() {
    return act.needsInput()
        ? List.of(new ExtraBuffer("pre", outSize(), "pre-activation, for the derivative"))
        : List.of();
  }
}
