package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code dense(units, activation: ..., bias: ...)}: a fully connected layer. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Dense {
  /** {@return the number of output units} */
  int units();

  /** {@return the activation fused into the layer; LINEAR (the default) applies none} */
  Activation activation() default Activation.LINEAR;

  /** {@return whether the layer adds a bias (the default) or not} */
  boolean bias() default true;

  /** {@return how the weights are initialized; AUTO (the default) picks He or Xavier by activation} */
  Init init() default Init.AUTO;

  /**
   * The layer this one reads, by method name; "" (the default) means the previous layer, as a
   * bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
