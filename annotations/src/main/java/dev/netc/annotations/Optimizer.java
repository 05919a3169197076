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
  /** {@return which optimizer} */
  Optimizers value();

  /** {@return the learning rate ({@code lr})} */
  double lr() default 0.01;

  /** {@return SGD's momentum factor} */
  double momentum() default 0.0;

  /** {@return whether SGD uses Nesterov momentum} */
  boolean nesterov() default false;

  /** {@return Adam's decay rate of the first-moment estimate} */
  double beta1() default 0.9;

  /** {@return Adam's decay rate of the second-moment estimate} */
  double beta2() default 0.999;

  /** {@return the term added to Adam's denominator for numerical stability} */
  double eps() default 1e-8;

  /**
   * {@code weight_decay} in a .net file.
   * @return the weight decay (L2 penalty) factor
   */
  double weightDecay() default 0.0;
}
