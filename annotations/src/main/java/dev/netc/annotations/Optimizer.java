package dev.netc.annotations;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code optimizer sgd(lr: 0.5, momentum: 0.9);} as an annotation. Only the elements written are
 * passed on, so the defaults are the runtime's; an element the optimizer does not take (momentum
 * for Adam) is an error.
 */
@Retention(RetentionPolicy.SOURCE)
@Target({})
public @interface Optimizer {
  Optimizers value();

  double lr() default 0.01;

  double momentum() default 0.0;

  boolean nesterov() default false;

  double beta1() default 0.9;

  double beta2() default 0.999;

  double eps() default 1e-8;

  /** {@code weight_decay} in a .net file. */
  double weightDecay() default 0.0;
}
