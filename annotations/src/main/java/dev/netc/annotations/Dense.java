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
  int units();

  Activation activation() default Activation.LINEAR;

  boolean bias() default true;

  /**
   * The layer this one reads, by method name; "" (the default) means the previous layer, as a
   * bare statement in a .net file.
   */
  String input() default "";
}
