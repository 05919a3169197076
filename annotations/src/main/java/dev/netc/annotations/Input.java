package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code input x: float[28, 28];}: a network input, its shape without the batch dimension. Several
 * {@code @Input} methods are several inputs (packed per example in declaration order at run time);
 * the first layer after them reads the last one unless it names another.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Input {
  /** {@return the input's shape without the batch dimension, such as {@code {28, 28}}} */
  int[] value();

  /**
   * The element type: {@code float.class} (the default) for values, {@code int.class} for token ids
   * that an {@link Embedding} layer reads ({@code input x: int[20];}).
   * @return float.class or int.class
   */
  Class<?> type() default float.class;
}
