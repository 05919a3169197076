package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code batchnorm}: batch normalization per channel (per feature of a vector), with running statistics. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface BatchNorm {
  /** {@return how fast the running statistics follow the batches, in [0, 1]} */
  double momentum() default 0.1;

  /** {@return the term added to the variance, in [0, 1]} */
  double eps() default 1e-5;

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
