package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code training { batch: 32; epochs: 10; seed: 42; }} on a {@link Network} type. Only the
 * elements written are passed on; the others keep the trainer's defaults.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Training {
  /** {@return the batch size; 0 keeps the trainer's default} */
  int batch() default 0;

  /** {@return the number of epochs; 0 keeps the trainer's default} */
  int epochs() default 0;

  /** {@return the seed of initialization and shuffling; 0 keeps the trainer's default} */
  long seed() default 0;
}
