package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code conv_transpose2d(filters, ...)}: the transposed 2-D convolution (the gradient of conv2d), to upsample. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface ConvTranspose2d {
  /** {@return the number of output channels} */
  int filters();

  /** {@return the window size: one value or one per spatial axis} */
  int[] kernel() default 3;

  /** {@return the step: one value or one per spatial axis} */
  int[] stride() default 1;

  /** {@return the padding removed from each side of the output: one value or one per axis} */
  int[] padding() default 0;

  /** {@return the extra size added to one side of the output: one value or one per axis} */
  int[] outputPadding() default 0;

  /** {@return whether the layer adds a bias (the default) or not} */
  boolean bias() default true;

  /** {@return the activation fused into the layer; LINEAR (the default) applies none} */
  Activation activation() default Activation.LINEAR;

  /** {@return how the weights are initialized; AUTO (the default) picks He or Xavier by activation} */
  Init init() default Init.AUTO;

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
