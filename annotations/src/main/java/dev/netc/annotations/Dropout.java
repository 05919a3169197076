package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code dropout(rate)}: inverted dropout, off at inference. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Dropout {
  /** {@return the fraction of units dropped in training, in [0, 1)} */
  double rate();

  /**
   * The layer this one reads, by method name; "" (the default) means the previous layer, as a
   * bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
