package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code binary_cross_entropy_with_logits}: cross-entropy of
 * the sigmoid of logits against 0/1 targets. On a layer method it makes that layer an output
 * scored by this loss ({@code output ...; loss binary_cross_entropy_with_logits(name);} in a .net file); several methods with
 * loss annotations are several outputs, in declaration order.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface BinaryCrossEntropyWithLogits {
  /** {@return the weight of positive targets: one for all outputs or one per output; empty is 1} */
  double[] posWeight() default {};

  /** {@return this output's share of the total loss (a positive number; 1 by default)} */
  double weight() default 1.0;
}
