package dev.netc.processor;

import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Chain;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.InputDecl;
import dev.netc.dsl.ast.ListLit;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.NumberLit;
import dev.netc.dsl.ast.OptimizerDecl;
import dev.netc.dsl.ast.Setting;
import dev.netc.dsl.ast.TrainingDecl;
import dev.netc.dsl.ast.ValueStmt;
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
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic.Kind;

/**
 * Reads one {@code @Network} type into the same AST a {@code .net} file parses to: an input
 * method becomes {@code input x: float[..];}, a layer method {@code name = op(args);}, the
 * {@code @Network} and {@code @Training} values the loss, optimizer and training block. Only the
 * annotation elements the user wrote become arguments, so defaults are the checkers' own. What
 * only Java can get wrong (a method with parameters, a wrong return type) is reported here;
 * everything a .net file could also get wrong is left to the shared checkers.
 */
final class NetworkReader {
  static final String PACKAGE = "dev.netc.annotations";
  static final String NETWORK = PACKAGE + ".Network";
  static final String TRAINING = PACKAGE + ".Training";
  static final String LAYER = PACKAGE + ".Layer";

  /** The layer annotations, by simple name, and the op each stands for ("" for the input). */
  static final Map<String, String> LAYER_ANNOTATIONS = new LinkedHashMap<>();

  static {
    LAYER_ANNOTATIONS.put("Input", "");
    LAYER_ANNOTATIONS.put("Dense", "dense");
    LAYER_ANNOTATIONS.put("Flatten", "flatten");
    LAYER_ANNOTATIONS.put("Dropout", "dropout");
    LAYER_ANNOTATIONS.put("Reshape", "reshape");
    LAYER_ANNOTATIONS.put("Activate", null); // the op is the activation named by value
  }

  private final Messager messager;
  private final Types types;
  private final TypeMirror layerType;
  private final Positions positions;
  private boolean failed;

  NetworkReader(Messager messager, Types types, TypeMirror layerType, Positions positions) {
    this.messager = messager;
    this.types = types;
    this.layerType = layerType;
    this.positions = positions;
  }

  /** The AST, or null when the type could not be read (the errors are reported). */
  NetworkDecl read(TypeElement type, String networkName) {
    AnnotationMirror network = mirror(type, NETWORK);
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    boolean isAbstractClass = type.getKind() == ElementKind.CLASS
        && type.getModifiers().contains(Modifier.ABSTRACT);
    if (!isInterface && !isAbstractClass) {
      messager.printMessage(Kind.ERROR, "@Network goes on an interface or an abstract class; "
          + type.getSimpleName() + " is " + describe(type), type, network);
      return null;
    }
    List<Member> members = new ArrayList<>();
    // getEnclosedElements is in source order: the layer order
    for (Element e : type.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD) {
        Member m = layer((ExecutableElement) e);
        if (m != null) {
          members.add(m);
        }
      }
    }
    Map<String, AnnotationValue> net = explicitValues(network);
    AnnotationValue loss = net.get("loss");
    if (loss != null) {
      SourcePos p = positions.of(type, network, loss);
      Expr value = expr(loss, p);
      if (value != null) {
        members.add(new LossDecl(value, p));
      }
    }
    AnnotationValue optimizer = net.get("optimizer");
    if (optimizer != null && optimizer.getValue() instanceof AnnotationMirror opt) {
      SourcePos p = positions.of(type, network, optimizer);
      Map<String, AnnotationValue> values = explicitValues(opt);
      AnnotationValue which = values.remove("value");
      Expr name = which == null ? null : expr(which, p);
      if (name instanceof Ident id) {
        members.add(new OptimizerDecl(new Call(id.name(), args(type, network, values), p), p));
      } else {
        failed = true;
      }
    }
    AnnotationMirror training = mirror(type, TRAINING);
    if (training != null) {
      SourcePos p = positions.of(type, training);
      List<Setting> settings = new ArrayList<>();
      explicitValues(training).forEach((key, value) -> {
        SourcePos at = positions.of(type, training, value);
        Expr e = expr(value, at);
        if (e != null) {
          settings.add(new Setting(key, e, at));
        }
      });
      members.add(new TrainingDecl(settings, p));
    }
    if (failed) {
      return null;
    }
    SourcePos namePos = positions.of(type, network);
    return new NetworkDecl(networkName, namePos, members, namePos);
  }

  private static String describe(TypeElement type) {
    return switch (type.getKind()) {
      case CLASS -> "a class that is not abstract";
      case ENUM -> "an enum";
      case RECORD -> "a record";
      case ANNOTATION_TYPE -> "an annotation type";
      default -> "a " + type.getKind().toString().toLowerCase(Locale.ROOT);
    };
  }

  /** One method: a layer, nothing (a helper method), or an error. */
  private Member layer(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    List<AnnotationMirror> layers = new ArrayList<>();
    for (AnnotationMirror m : method.getAnnotationMirrors()) {
      TypeElement t = (TypeElement) m.getAnnotationType().asElement();
      String qualified = t.getQualifiedName().toString();
      if (qualified.startsWith(PACKAGE + ".")
          && LAYER_ANNOTATIONS.containsKey(t.getSimpleName().toString())) {
        layers.add(m);
      }
    }
    boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
    if (layers.isEmpty()) {
      if (isAbstract) {
        error("method " + name + "() is not a layer; annotate it with @Input, @Dense, @Flatten, @Dropout,"
            + " @Reshape or @Activate, or give it a body", method, null, null);
      }
      return null;
    }
    AnnotationMirror layer = layers.get(0);
    if (layers.size() > 1) {
      error("method " + name + "() has both @" + simpleName(layer) + " and @" + simpleName(layers.get(1))
          + "; declare one layer per method", method, layers.get(1), null);
      return null;
    }
    boolean ok = true;
    if (!isAbstract) {
      error("layer method " + name + "() must be abstract: netc generates the network, not this method",
          method, null, null);
      ok = false;
    }
    if (!method.getParameters().isEmpty()) {
      error("layer method " + name + "() must take no parameters; name another layer with input = \"...\""
          + " to read from it", method.getParameters().get(0), null, null);
      ok = false;
    }
    if (!types.isSameType(method.getReturnType(), layerType)) {
      error("layer method " + name + "() must return " + LAYER + ", not " + method.getReturnType(),
          method, null, null);
      ok = false;
    }
    if (!ok) {
      return null;
    }
    SourcePos namePos = positions.of(method);
    SourcePos callPos = positions.of(method, layer);
    Map<String, AnnotationValue> values = explicitValues(layer);
    String kind = simpleName(layer);
    if (kind.equals("Input")) {
      AnnotationValue dims = values.get("value");
      List<Integer> shape = new ArrayList<>();
      if (dims != null && dims.getValue() instanceof List<?> items) {
        for (Object item : items) {
          if (item instanceof AnnotationValue v && v.getValue() instanceof Integer i) {
            shape.add(i);
          } else {
            failed = true; // javac reported the bad value
          }
        }
      }
      if (shape.isEmpty() && !failed) {
        error("input " + name + ": give its shape without the batch dimension, such as @Input(4) or"
            + " @Input({28, 28})", method, layer, dims);
        return null;
      }
      return new InputDecl(name, "float", callPos, shape, callPos);
    }
    String op = LAYER_ANNOTATIONS.get(kind);
    if (op == null) {
      AnnotationValue activation = values.remove("value");
      Expr e = activation == null ? null : expr(activation, callPos);
      if (!(e instanceof Ident id)) {
        failed = true;
        return null;
      }
      op = id.name();
    }
    List<Arg> args = new ArrayList<>();
    AnnotationValue input = values.remove("input");
    if (input != null && input.getValue() instanceof String ref && !ref.isEmpty()) {
      SourcePos p = positions.of(method, layer, input);
      // an explicit input is the first positional argument, as in dense(hidden, 10)
      args.add(new Arg(null, new Ident(ref, p), p));
    }
    if (kind.equals("Reshape")) {
      AnnotationValue shape = values.remove("value");
      if (shape != null) {
        values.put("shape", shape);
      }
    }
    args.addAll(args(method, layer, values));
    Call call = new Call(op, args, callPos);
    return new ValueStmt(name, namePos, new Chain(List.of(call), callPos), namePos);
  }

  /** Named arguments from annotation values, with their .net spelling (weightDecay: weight_decay). */
  private List<Arg> args(Element element, AnnotationMirror mirror, Map<String, AnnotationValue> values) {
    List<Arg> args = new ArrayList<>();
    values.forEach((key, value) -> {
      SourcePos p = positions.of(element, mirror, value);
      Expr e = expr(value, p);
      if (e != null) {
        args.add(new Arg(snakeCase(key), e, p));
      }
    });
    return args;
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** The value as the .net file would spell it; null (and no AST) when javac found it wrong. */
  private Expr expr(AnnotationValue value, SourcePos pos) {
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
    failed = true;
    return null;
  }

  private void error(String message, Element element, AnnotationMirror mirror, AnnotationValue value) {
    Reporting.print(messager, Kind.ERROR, message, new Target(element, mirror, value));
    failed = true;
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
