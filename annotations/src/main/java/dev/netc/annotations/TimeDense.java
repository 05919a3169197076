package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code time_dense(units, ...)}: the same dense layer applied at every step of a {@code [T, D]} sequence. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface TimeDense {
  /** {@return the outputs per step} */
  int units();

  /** {@return the activation fused into the layer; LINEAR (the default) applies none} */
  Activation activation() default Activation.LINEAR;

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
