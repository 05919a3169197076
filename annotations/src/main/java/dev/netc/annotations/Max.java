package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code max(axis, keep: ...)}: the largest value over one axis. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Max {
  /** {@return the axis reduced: 0 is the first after the batch, negative counts from the end} */
  int axis();

  /** {@return whether the axis stays, with size 1, instead of being removed} */
  boolean keep() default false;

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
