package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code lstm(units, ...)}: a long short-term memory layer over a {@code [T, D]} sequence. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Lstm {
  /** {@return the size of the hidden state} */
  int units();

  /** {@return whether the layer returns every step's state ({@code [T, units]}) instead of the last} */
  boolean sequences() default false;

  /** {@return whether the steps run from last to first} */
  boolean reverse() default false;

  /** {@return the initialization of the recurrent weights} */
  RecurrentInit recurrentInit() default RecurrentInit.ORTHOGONAL;

  /** {@return whether a second layer reads the sequence backwards ({@code bidirectional(...)} in a .net file)} */
  boolean bidirectional() default false;

  /** {@return how the two directions of a bidirectional layer are joined} */
  DirectionMerge merge() default DirectionMerge.CONCAT;

  /** {@return the number of stacked layers, each reading the previous one's sequence} */
  int layers() default 1;

  /**
   * The layer whose value is this layer's initial state, by method name: {@code [units]}, or
   * {@code [layers * directions, units]} in PyTorch's h_0 order; "" (the default) starts from zeros.
   * @return the initial state's method name, or ""
   */
  String initialState() default "";

  /**
   * The layer whose value is this layer's initial cell, by method name, shaped as {@link
   * #initialState()}; "" (the default) starts from zeros.
   * @return the initial cell's method name, or ""
   */
  String initialCell() default "";

  /**
   * The layer this one reads, by method name; "" (the default) means the method declared just
   * above, as a bare statement in a .net file.
   * @return the input layer's method name, or "" for the previous layer
   */
  String input() default "";
}
