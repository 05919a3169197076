package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code avgpool(size, ...)}: the mean of each window, per channel. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface AvgPool {
  /** {@return the window size: one value or one per spatial axis} */
  int[] size() default 2;

  /** {@return the step: one value or one per axis; empty (the default) steps by the window size} */
  int[] stride() default {};

  /** {@return a named padding; VALID (the default) pads nothing} */
  Padding padding() default Padding.VALID;

  /**
   * Explicit padding instead of a named one: one size for every spatial axis or one per axis,
   * {@code padding: [1, 2]} in a .net file.
   * @return the padding per spatial axis; empty (the default) uses {@link #padding()}
   */
  int[] pad() default {};

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
