package dev.netc.spark;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Model;
import java.io.Serializable;

/**
 * Makes the model instances Spark tasks compute with: the driver sends the factory (a few bytes),
 * never a model, and every partition builds its own instance once. {@link #of(Class)} names a
 * generated class, which reaches the executors inside the application jar.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {

  /**
   * A new model instance; its parameters are overwritten before use.
   *
   * @return the model
   */
  Model create();

  /**
   * A factory calling the public no-argument constructor every generated class has. Only the
   * class name is serialized; executors load it through their context class loader (the
   * application jar).
   *
   * @param modelClass the generated class, such as {@code FashionMlp.class}
   * @return the factory
   */
  static ModelFactory of(Class<? extends Model> modelClass) {
    return of(modelClass.getName());
  }

  /**
   * A factory for the class named {@code className}.
   *
   * @param className a model class with a public no-argument constructor
   * @return the factory
   * @throws IllegalArgumentException when the name is blank
   */
  static ModelFactory of(String className) {
    if (className == null || className.isBlank()) {
      throw new IllegalArgumentException("model class name is empty");
    }
    return new ByClassName(className);
  }

  /**
   * Marks copied-in parameters as set on generated models, so their passes do not refuse an
   * all-zero buffer that was in fact trained.
   *
   * @param model the model whose buffer was just written
   */
  static void parametersCopied(Model model) {
    if (model instanceof GeneratedModel g) {
      g.markParametersSet();
    }
  }

  /** The factory {@link #of(String)} returns. */
  record ByClassName(String className) implements ModelFactory {
    @Override
    public Model create() {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      try {
        Class<?> c = Class.forName(className, true, loader != null ? loader : ModelFactory.class.getClassLoader());
        if (!Model.class.isAssignableFrom(c)) {
          throw new IllegalArgumentException(className + " is not a netc model (it does not implement "
              + Model.class.getName() + ")");
        }
        return (Model) c.getConstructor().newInstance();
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("model class " + className + " is not on this JVM's class path:"
            + " put the generated classes into the application jar (see docs/spark.md)", e);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot instantiate model class " + className
            + " through its public no-argument constructor", e);
      }
    }
  }
}
