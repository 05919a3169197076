package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code softmax_cross_entropy}: cross-entropy of the softmax of
 * logits against class targets. On a layer method it makes that layer an output
 * scored by this loss ({@code output ...; loss softmax_cross_entropy(name);} in a .net file); several methods with
 * loss annotations are several outputs, in declaration order.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface SoftmaxCrossEntropy {
  /** {@return how targets are given: distributions (the default) or class indices} */
  Targets targets() default Targets.DISTRIBUTION;

  /** {@return the share of the target moved uniformly onto every class, in [0, 1)} */
  double labelSmoothing() default 0.0;

  /** {@return one non-negative weight per class; empty (the default) weighs every class 1} */
  double[] classWeights() default {};

  /** {@return this output's share of the total loss (a positive number; 1 by default)} */
  double weight() default 1.0;
}
