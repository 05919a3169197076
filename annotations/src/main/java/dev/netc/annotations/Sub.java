package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code sub(a, b)}: the element-wise difference {@code a - b} of two layers. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Sub {
  /**
   * The layers this one subtracts, first minus second, by method name. When fewer are named than the merge needs, the
   * method declared just above comes first, as a chained value in a .net file: {@code @Sub("stem")}
   * after {@code branch()} is {@code sub(branch, stem)}.
   * @return the merged layers' method names
   */
  String[] value() default {};
}
