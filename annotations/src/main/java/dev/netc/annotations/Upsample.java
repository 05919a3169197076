package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code upsample(factor)}: repeats each value along the spatial axes of {@code [C, L]} or {@code [C, H, W]}. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Upsample {
  /** {@return the factor: one for every spatial axis or one per axis} */
  int[] factor();

  /** {@return how new values are filled} */
  UpsampleMode mode() default UpsampleMode.NEAREST;

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
