package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code input x: float[28, 28];}: the network input, its shape without the batch dimension. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Input {
  /** {@return the input's shape without the batch dimension, such as {@code {28, 28}}} */
  int[] value();
}
