package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code slice(axis, from, to)}: the indices {@code from} (inclusive) to {@code to} (exclusive) of one axis. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Slice {
  /** {@return the axis: 0 is the first after the batch, negative counts from the end} */
  int axis();

  /** {@return the first index kept; negative counts from the end} */
  int from();

  /** {@return the index after the last kept; negative counts from the end} */
  int to();

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
