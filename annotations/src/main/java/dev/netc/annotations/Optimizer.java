package dev.netc.annotations;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code optimizer sgd(lr: 0.5, momentum: 0.9);} as an annotation. Only the elements written are
 * passed on, so the defaults are the optimizer's own (PyTorch's): the defaults declared here are
 * never read. An element the optimizer does not take (momentum for Adam) is an error.
 *
 * <table>
 * <caption>The elements each optimizer takes</caption>
 * <tr><th>optimizer</th><th>elements</th></tr>
 * <tr><td>SGD, GD</td><td>lr, momentum, dampening, nesterov, weightDecay</td></tr>
 * <tr><td>ADAM, ADAMW</td><td>lr, beta1, beta2, eps, weightDecay</td></tr>
 * <tr><td>ADAGRAD</td><td>lr, lrDecay, weightDecay, initialAccumulatorValue, eps</td></tr>
 * <tr><td>RMSPROP</td><td>lr, alpha, eps, weightDecay, momentum, centered</td></tr>
 * </table>
 */
@Retention(RetentionPolicy.SOURCE)
@Target({})
public @interface Optimizer {
  /** {@return which optimizer} */
  Optimizers value();

  /** {@return the learning rate ({@code lr})} */
  double lr() default 0.01;

  /** {@return SGD's or RMSprop's momentum factor, in [0, 1)} */
  double momentum() default 0.0;

  /** {@return SGD's dampening of the momentum, in [0, 1]} */
  double dampening() default 0.0;

  /** {@return whether SGD uses Nesterov momentum} */
  boolean nesterov() default false;

  /** {@return Adam's decay rate of the first-moment estimate} */
  double beta1() default 0.9;

  /** {@return Adam's decay rate of the second-moment estimate} */
  double beta2() default 0.999;

  /** {@return the term added to the denominator (Adam, AdaGrad, RMSprop) for numerical stability} */
  double eps() default 1e-8;

  /**
   * {@code lr_decay} in a .net file.
   * @return AdaGrad's learning-rate decay per step
   */
  double lrDecay() default 0.0;

  /**
   * {@code initial_accumulator_value} in a .net file.
   * @return the start of AdaGrad's sum of squares
   */
  double initialAccumulatorValue() default 0.0;

  /** {@return RMSprop's smoothing constant, in [0, 1]} */
  double alpha() default 0.99;

  /** {@return whether RMSprop normalizes by the variance estimate} */
  boolean centered() default false;

  /**
   * {@code weight_decay} in a .net file.
   * @return the weight decay (L2 penalty) factor
   */
  double weightDecay() default 0.0;
}
