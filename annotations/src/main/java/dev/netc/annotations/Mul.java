package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code mul(a, b)}: the element-wise product of two layers; a per-channel {@code [C]} operand
 * broadcasts over {@code [C, ...]}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Mul {
  /**
   * The layers this one multiplies, by method name. When fewer are named than the merge needs, the
   * method declared just above comes first, as a chained value in a .net file: {@code @Mul("stem")}
   * after {@code branch()} is {@code mul(branch, stem)}.
   * @return the merged layers' method names
   */
  String[] value() default {};
}
