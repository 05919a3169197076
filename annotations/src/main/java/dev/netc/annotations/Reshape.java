package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code reshape([..])}: the same elements in a new shape; one dimension may be -1. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Reshape {
  /** {@return the new shape without the batch dimension; one entry may be -1} */
  int[] value();

  /**
   * The layer this one reads, by method name; "" (the default) means the previous layer, as a
   * bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
