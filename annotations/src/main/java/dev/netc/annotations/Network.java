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
 * the method declared above it as input unless it names another with {@code input} (merges such
 * as {@link Add} and {@link Concat} name theirs in {@code value}). Several {@link Input} methods
 * are several inputs. A layer with a loss annotation ({@link Mse}, {@link SoftmaxCrossEntropy},
 * ...) is an output scored by that loss; several are several outputs, each with its own loss and
 * {@code weight}:
 *
 * <pre>
 * &#64;Network
 * interface WithAuxiliary {
 *   &#64;Input({1, 28, 28}) Layer image();
 *   &#64;Conv2d(filters = 16, kernel = 3, activation = Activation.RELU) Layer conv();
 *   &#64;Flatten Layer features();
 *   &#64;Dense(units = 10) &#64;SoftmaxCrossEntropy Layer logits();
 *   &#64;Dense(units = 10, input = "features") &#64;SoftmaxCrossEntropy(weight = 0.1) Layer aux();
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Network {
  /**
   * The loss of a network with one output, its last layer, as {@code loss ...;} in a .net file:
   * {@code loss = Loss.MSE}. Leave it out when the output methods carry loss annotations (which
   * also take the losses' arguments, such as {@link Huber#delta()}); give one or the other.
   * @return the loss, at most one
   */
  Loss[] loss() default {};

  /**
   * The optimizer; when not given, SGD with the runtime's defaults, as in a .net file.
   * @return the optimizer and its arguments
   */
  Optimizer optimizer() default @Optimizer(Optimizers.SGD);
}
