package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code concat(a, b, ..., axis: 0)}: two or more layers joined along one axis. */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Concat {
  /**
   * The layers this one joins, in this order, by method name. When fewer are named than the merge needs, the
   * method declared just above comes first, as a chained value in a .net file: {@code @Concat("stem")}
   * after {@code branch()} is {@code concat(branch, stem)}.
   * @return the merged layers' method names
   */
  String[] value() default {};

  /** {@return the axis joined along: 0 (the default) is the first after the batch, negative counts from the end} */
  int axis() default 0;
}
