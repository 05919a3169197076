package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code layernorm(axes: ..., eps: ...)}: normalization of each example over its trailing axes. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface LayerNorm {
  /** {@return the trailing axes normalized over; empty (the default) is the last axis} */
  int[] axes() default {};

  /** {@return the term added to the variance, in [0, 1]} */
  double eps() default 1e-5;

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
