package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code conv2d(filters, kernel: ..., ...)}: a 2-D convolution over a channels-first {@code [C, H, W]}
 * input, with {@code groups} for grouped and depthwise convolutions.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Conv2d {
  /** {@return the number of output channels} */
  int filters();

  /** {@return the window size: one value for every spatial axis or one per axis} */
  int[] kernel() default 3;

  /** {@return the step between windows: one value or one per spatial axis} */
  int[] stride() default 1;

  /** {@return a named padding; VALID (the default) pads nothing} */
  Padding padding() default Padding.VALID;

  /**
   * Explicit padding instead of a named one: one size for every spatial axis or one per axis,
   * {@code padding: [1, 2]} in a .net file.
   * @return the padding per spatial axis; empty (the default) uses {@link #padding()}
   */
  int[] pad() default {};

  /** {@return the spacing of the window's taps: one value or one per spatial axis} */
  int[] dilation() default 1;

  /** {@return whether the layer adds a bias (the default) or not} */
  boolean bias() default true;

  /** {@return the activation fused into the layer; LINEAR (the default) applies none} */
  Activation activation() default Activation.LINEAR;

  /** {@return how the weights are initialized; AUTO (the default) picks He or Xavier by activation} */
  Init init() default Init.AUTO;

  /**
   * Channel groups: each filter sees only its group's input channels; as many groups as input
   * channels (and filters a multiple of them) is a depthwise convolution.
   * @return the number of groups, which divides both the input channels and the filters
   */
  int groups() default 1;

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
