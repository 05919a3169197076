package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A standalone activation layer, such as {@code relu} or {@code softmax}; {@code alpha} is for LEAKY_RELU and ELU only. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Activate {
  /** {@return the activation this layer applies} */
  Activation value();

  /**
   * The slope of LEAKY_RELU or the scale of ELU; written only when needed.
   * @return the slope or scale (0.0, the default, is not written)
   */
  double alpha() default 0.0;

  /**
   * The layer this one reads, by method name; "" (the default) means the previous layer, as a
   * bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
