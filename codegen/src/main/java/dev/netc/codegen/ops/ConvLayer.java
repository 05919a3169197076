package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import java.util.List;

/**
 * One convolution layer as its variants see it: the window, the filter count, the groups, whether
 * it adds a bias and the activation fused into it. A 1d convolution is a 2d one of height 1.
 *
 * <p>With {@code groups} g the channels and the filters split into g consecutive blocks and group
 * i's filters see only group i's channels. The weight {@code [C, kh, kw, F/g]} is then g blocks
 * {@code [C/g * kh * kw, F/g]} one after the other, one matrix per group.
 *
 * @param w the window geometry
 * @param filters output channels
 * @param groups channel groups (1: every filter sees every channel; C: depthwise)
 * @param bias whether a bias per filter is added
 * @param act the fused activation
 */
record ConvLayer(Window w, int filters, int groups, boolean bias, Activation act) {

  /** Channels times taps: the rows of the im2col matrix. */
  int taps() {
    return w.c() * w.area();
  }

  /** Channels of one group. */
  int groupChannels() {
    return w.c() / groups;
  }

  /** Filters of one group: the weight's row length. */
  int groupFilters() {
    return filters / groups;
  }

  /** One group's channels times taps: the inner dimension of every product (k). */
  int groupTaps() {
    return groupChannels() * w.area();
  }

  /** Floats of one group's weight matrix {@code [groupTaps, groupFilters]}. */
  int groupWeights() {
    return groupTaps() * groupFilters();
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
