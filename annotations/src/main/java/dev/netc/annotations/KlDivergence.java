package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code kl_divergence}: Kullback-Leibler divergence from the target distribution;
 * the layer gives log-probabilities. On a layer method it makes that layer an output
 * scored by this loss ({@code output ...; loss kl_divergence(name);} in a .net file); several methods with
 * loss annotations are several outputs, in declaration order.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface KlDivergence {
  /** {@return this output's share of the total loss (a positive number; 1 by default)} */
  double weight() default 1.0;
}
