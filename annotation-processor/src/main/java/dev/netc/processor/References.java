package dev.netc.processor;

import dev.netc.codegen.base.Suggestions;
import dev.netc.dsl.ast.Ident;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Checks a layer's reference to another layer by method name ({@code input = "stem"}, {@code
 * @Add({"branch", "stem"})}, {@code initialState = "enc"}) before the AST is built, so that a
 * mistake reads in Java terms ({@code no method named "stme"; did you mean "stem"?}) on the string
 * that holds it, rather than as the .net checker's "unknown value".
 */
final class References {
  private final List<String> layers;
  private final Set<String> otherMethods;
  private final Values values;

  /**
   * @param layers the layer methods' names, in declaration order
   * @param otherMethods the names of the type's other methods (helpers, methods without a layer annotation)
   */
  References(List<String> layers, Set<String> otherMethods, Values values) {
    this.layers = layers;
    this.otherMethods = otherMethods;
    this.values = values;
  }

  /**
   * The reference {@code name} from the layer method {@code from} as an AST name, or null after
   * reporting on {@code value} why it cannot be read: no such method, a method that is no layer,
   * the method itself, or a method declared below it.
   */
  Ident resolve(String name, String from, Element method, AnnotationMirror mirror, AnnotationValue value) {
    int at = layers.indexOf(name);
    int self = layers.indexOf(from);
    if (at < 0) {
      String message;
      if (otherMethods.contains(name)) {
        message = "method " + name + "() is not a layer, so " + from + "() cannot read it; name a method"
            + " with a layer annotation such as @Dense, or annotate " + name + "()";
      } else if (name.isEmpty()) {
        message = "name the method to read here, such as \"" + (self > 0 ? layers.get(self - 1) : "x") + "\"";
      } else {
        message = "no method named \"" + name + "\"" + Suggestions.closest(name, layers)
            .map(s -> "; did you mean \"" + s + "\"?")
            .orElse(self > 0 ? "; the layers above " + from + "() are " + String.join(", ", layers.subList(0, self))
                : "");
      }
      values.error(message, method, mirror, value);
      return null;
    }
    if (at == self) {
      values.error(from + "() cannot read itself; name a method declared above it", method, mirror, value);
      return null;
    }
    if (at > self) {
      values.error(from + "() cannot read " + name + "(), which is declared below it; a layer reads only the"
          + " methods declared above it: move " + name + "() up", method, mirror, value);
      return null;
    }
    return new Ident(name, values.positions().of(method, mirror, value));
  }
}
