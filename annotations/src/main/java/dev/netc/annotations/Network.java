package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a network on an interface or abstract class; the netc annotation processor generates
 * {@code <TypeName>Model} next to it, the same class a {@code .net} file would produce.
 *
 * <pre>
 * &#64;Network(loss = Loss.MSE, optimizer = &#64;Optimizer(value = Optimizers.SGD, lr = 0.5))
 * interface Xor {
 *   &#64;Input(2) Layer x();
 *   &#64;Dense(units = 4, activation = Activation.TANH) Layer hidden();
 *   &#64;Dense(units = 1, activation = Activation.SIGMOID) Layer out();
 * }
 * </pre>
 *
 * <p>Layers are the abstract methods returning {@link Layer}, in declaration order; each takes
 * the previous layer as input unless it names another with {@code input}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Network {
  /**
   * The training loss, as {@code loss ...;} in a .net file.
   * @return the loss
   */
  Loss loss();

  /**
   * The optimizer; when not given, SGD with the runtime's defaults, as in a .net file.
   * @return the optimizer and its arguments
   */
  Optimizer optimizer() default @Optimizer(Optimizers.SGD);
}
