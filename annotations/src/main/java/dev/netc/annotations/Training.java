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
  int batch() default 0;

  int epochs() default 0;

  long seed() default 0;
}
