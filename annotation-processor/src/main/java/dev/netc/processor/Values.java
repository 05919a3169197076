package dev.netc.processor;

import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.ListLit;
import dev.netc.dsl.ast.NumberLit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic.Kind;

/**
 * Annotation values as the .net AST spells them, and the errors found while reading: shared by
 * {@link NetworkReader} and {@link LayerReader}, which fail together (no AST when either reported).
 */
final class Values {
  private final Messager messager;
  private final Positions positions;
  private boolean failed;

  Values(Messager messager, Positions positions) {
    this.messager = messager;
    this.positions = positions;
  }

  Positions positions() {
    return positions;
  }

  /** Whether an error was reported, or javac found a value it could not read. */
  boolean failed() {
    return failed;
  }

  /** Marks the network as unreadable: a part could not be read, and said so (or javac did). */
  void fail() {
    failed = true;
  }

  /** Reports {@code message} on the element, annotation and value; the network is not read. */
  void error(String message, Element element, AnnotationMirror mirror, AnnotationValue value) {
    Reporting.print(messager, Kind.ERROR, message, new Target(element, mirror, value));
    failed = true;
  }

  /** The value as the .net file would spell it; null (and no AST) when javac found it wrong. */
  Expr expr(AnnotationValue value, SourcePos pos) {
    Object o = value.getValue();
    if (o instanceof Integer i) {
      return new NumberLit(i, true, Integer.toString(i), pos);
    }
    if (o instanceof Long l) {
      return new NumberLit(l, true, Long.toString(l), pos);
    }
    if (o instanceof Double d) {
      return new NumberLit(d, false, Double.toString(d), pos);
    }
    if (o instanceof Float f) {
      return new NumberLit(f, false, Float.toString(f), pos);
    }
    if (o instanceof Boolean b) {
      return new Ident(b.toString(), pos);
    }
    if (o instanceof VariableElement constant) {
      return new Ident(constant.getSimpleName().toString().toLowerCase(Locale.ROOT), pos);
    }
    if (o instanceof List<?> items) {
      List<Expr> elements = new ArrayList<>();
      for (Object item : items) {
        Expr e = item instanceof AnnotationValue v ? expr(v, pos) : null;
        if (e == null) {
          return null;
        }
        elements.add(e);
      }
      return new ListLit(elements, pos);
    }
    failed = true; // javac reported the value (an unresolved constant, an error type)
    return null;
  }

  /**
   * Named arguments from the values of {@code annotation} (a simple name), each under its .net
   * name ({@link Vocabulary#argument}) and positioned on its value.
   */
  List<Arg> args(Element element, AnnotationMirror mirror, String annotation, Map<String, AnnotationValue> values) {
    List<Arg> args = new ArrayList<>();
    values.forEach((key, value) -> {
      SourcePos p = positions.of(element, mirror, value);
      Expr e = expr(value, p);
      if (e != null) {
        args.add(new Arg(Vocabulary.argument(annotation, key), e, p));
      }
    });
    return args;
  }

  static String simpleName(AnnotationMirror mirror) {
    return mirror.getAnnotationType().asElement().getSimpleName().toString();
  }

  static AnnotationMirror mirror(Element element, String qualifiedName) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement t = (TypeElement) m.getAnnotationType().asElement();
      if (t.getQualifiedName().contentEquals(qualifiedName)) {
        return m;
      }
    }
    return null;
  }

  /**
   * The values written in {@code mirror}, in the order javac reports them (the order they are
   * written in): the optimizer's arguments reach the generated class in that order, as a .net
   * file's do.
   */
  static Map<String, AnnotationValue> writtenValues(AnnotationMirror mirror) {
    Map<String, AnnotationValue> written = new LinkedHashMap<>();
    mirror.getElementValues().forEach((k, v) -> written.put(k.getSimpleName().toString(), v));
    return written;
  }

  /** The values written in {@code mirror}, in the annotation type's declaration order. */
  static Map<String, AnnotationValue> explicitValues(AnnotationMirror mirror) {
    Map<String, AnnotationValue> written = new LinkedHashMap<>();
    mirror.getElementValues().forEach((k, v) -> written.put(k.getSimpleName().toString(), v));
    Map<String, AnnotationValue> ordered = new LinkedHashMap<>();
    for (Element member : mirror.getAnnotationType().asElement().getEnclosedElements()) {
      String key = member.getSimpleName().toString();
      if (member.getKind() == ElementKind.METHOD && written.containsKey(key)) {
        ordered.put(key, written.get(key));
      }
    }
    return ordered;
  }
}
