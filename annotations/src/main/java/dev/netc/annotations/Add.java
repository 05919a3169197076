package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code add(a, b, ...)}: the element-wise sum of two or more layers (a residual connection). */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Add {
  /**
   * The layers this one adds, by method name. When fewer are named than the merge needs, the
   * method declared just above comes first, as a chained value in a .net file: {@code @Add("stem")}
   * after {@code branch()} is {@code add(branch, stem)}.
   * @return the merged layers' method names
   */
  String[] value() default {};
}
