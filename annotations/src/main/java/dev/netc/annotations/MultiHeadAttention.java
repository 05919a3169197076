package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code multi_head_attention(heads, ...)}: self-attention over a {@code [T, D]} sequence. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface MultiHeadAttention {
  /** {@return the number of attention heads} */
  int heads();

  /** {@return the width of each head's query, key and value; 0 (the default) is the model width over the heads} */
  int keyDim() default 0;

  /** {@return whether position t attends only to positions 0..t} */
  boolean causal() default false;

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
