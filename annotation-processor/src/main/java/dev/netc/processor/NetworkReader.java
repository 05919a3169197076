package dev.netc.processor;

import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.OptimizerDecl;
import dev.netc.dsl.ast.OutputDecl;
import dev.netc.dsl.ast.Setting;
import dev.netc.dsl.ast.TrainingDecl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Reads one {@code @Network} type into the same AST a {@code .net} file parses to: an input
 * method becomes {@code input x: float[..];}, a layer method {@code name = op(args);} ({@link
 * LayerReader}), the methods with loss annotations the outputs and their losses, and the {@code
 * @Network} and {@code @Training} values the loss, optimizer and training block. Only the
 * annotation elements the user wrote become arguments, so defaults are the checkers' own. What
 * only Java can get wrong (a method with parameters, a wrong return type, a layer naming a method
 * that does not exist or is declared below it) is reported here, in Java terms; everything a .net
 * file could also get wrong is left to the shared checkers.
 */
final class NetworkReader {
  static final String PACKAGE = "dev.netc.annotations";
  static final String NETWORK = PACKAGE + ".Network";
  static final String TRAINING = PACKAGE + ".Training";
  static final String LAYER = PACKAGE + ".Layer";

  /**
   * The annotations read on methods, by simple name, and the op or loss each stands for ("" for
   * the input, null for {@code @Activate}, whose op is its value): see {@link Vocabulary}.
   */
  static final Map<String, String> LAYER_ANNOTATIONS = Vocabulary.methodAnnotations();

  private final Types types;
  private final TypeMirror layerType;
  private final Positions positions;
  private final Values values;

  NetworkReader(Messager messager, Types types, TypeMirror layerType, Positions positions) {
    this.types = types;
    this.layerType = layerType;
    this.positions = positions;
    this.values = new Values(messager, positions);
  }

  /** The AST, or null when the type could not be read (the errors are reported). */
  NetworkDecl read(TypeElement type, String networkName) {
    AnnotationMirror network = mirror(type, NETWORK);
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    boolean isAbstractClass = type.getKind() == ElementKind.CLASS
        && type.getModifiers().contains(Modifier.ABSTRACT);
    if (!isInterface && !isAbstractClass) {
      values.error("@Network goes on an interface or an abstract class; "
          + type.getSimpleName() + " is " + describe(type), type, network, null);
      return null;
    }
    // getEnclosedElements is in source order: the layer order
    List<ExecutableElement> methods = new ArrayList<>();
    for (Element e : type.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD) {
        methods.add((ExecutableElement) e);
      }
    }
    List<String> layerNames = new ArrayList<>();
    Set<String> otherNames = new HashSet<>();
    for (ExecutableElement m : methods) {
      (annotations(m, Vocabulary.LAYERS).isEmpty() ? otherNames : layerNames).add(m.getSimpleName().toString());
    }
    LayerReader layers = new LayerReader(values, new References(layerNames, otherNames, values));
    List<Member> members = new ArrayList<>();
    List<Ident> outputs = new ArrayList<>();
    List<Member> losses = new ArrayList<>();
    boolean hasInput = false;
    for (ExecutableElement method : methods) {
      AnnotationMirror layer = layer(method);
      if (layer == null) {
        continue;
      }
      hasInput |= Values.simpleName(layer).equals("Input");
      Member m = layers.read(method, layer);
      if (m == null) {
        values.fail();
        continue;
      }
      members.add(m);
      LossDecl loss = loss(method);
      if (loss != null) {
        outputs.add(new Ident(method.getSimpleName().toString(), positions.of(method)));
        losses.add(loss);
      }
    }
    if (!outputs.isEmpty()) {
      members.add(new OutputDecl(outputs, outputs.get(0).pos()));
    }
    members.addAll(losses);
    // a loss annotation that could not be read is still the user's choice of where losses go
    boolean methodLosses = methods.stream().anyMatch(m -> !annotations(m, Vocabulary.LOSSES).isEmpty());
    networkLoss(type, network, methodLosses, members);
    optimizer(type, network, members);
    training(type, members);
    if (!hasInput && !values.failed()) {
      values.error("network " + type.getSimpleName() + " has no input; add @Input with its shape to a method,"
          + " such as @Input(4) Layer x();", type, network, null);
    }
    if (values.failed()) {
      return null;
    }
    SourcePos namePos = positions.of(type, network);
    return new NetworkDecl(networkName, namePos, members, namePos);
  }

  /** {@code @Network(loss = ...)}: one loss, for a network without loss annotations on its methods. */
  private void networkLoss(TypeElement type, AnnotationMirror network, boolean methodLosses, List<Member> members) {
    AnnotationValue loss = explicitValues(network).get("loss");
    List<?> given = loss != null && loss.getValue() instanceof List<?> items ? items : List.of();
    if (given.isEmpty() && !methodLosses) {
      values.error("network " + type.getSimpleName() + " has no loss; give one such as @Network(loss ="
          + " Loss.MSE), or put a loss annotation such as @SoftmaxCrossEntropy on the output method",
          type, network, loss);
    } else if (!given.isEmpty() && methodLosses) {
      values.error("network " + type.getSimpleName() + " gives a loss here and loss annotations on its"
          + " output methods; keep one: the annotations (one per output) or this loss (the last layer)",
          type, network, loss);
    } else if (given.size() > 1) {
      values.error("@Network takes one loss; for several outputs put a loss annotation on each output"
          + " method, such as @Mse(weight = 0.1)", type, network, (AnnotationValue) given.get(1));
    } else if (given.size() == 1) {
      AnnotationValue only = (AnnotationValue) given.get(0);
      SourcePos p = positions.of(type, network, loss);
      Expr value = values.expr(only, p);
      if (value != null) {
        members.add(new LossDecl(value, p));
      }
    }
  }

  private void optimizer(TypeElement type, AnnotationMirror network, List<Member> members) {
    AnnotationValue optimizer = explicitValues(network).get("optimizer");
    if (optimizer != null && optimizer.getValue() instanceof AnnotationMirror opt) {
      SourcePos p = positions.of(type, network, optimizer);
      Map<String, AnnotationValue> written = Values.writtenValues(opt);
      AnnotationValue which = written.remove("value");
      Expr name = which == null ? null : values.expr(which, p);
      if (name instanceof Ident id) {
        members.add(new OptimizerDecl(new Call(id.name(), values.args(type, network, "Optimizer", written), p), p));
      } else {
        values.fail();
      }
    }
  }

  private void training(TypeElement type, List<Member> members) {
    AnnotationMirror training = mirror(type, TRAINING);
    if (training != null) {
      SourcePos p = positions.of(type, training);
      List<Setting> settings = new ArrayList<>();
      explicitValues(training).forEach((key, value) -> {
        SourcePos at = positions.of(type, training, value);
        Expr e = values.expr(value, at);
        if (e != null) {
          settings.add(new Setting(key, e, at));
        }
      });
      members.add(new TrainingDecl(settings, p));
    }
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

  /** The layer annotation of {@code method}; null for a helper method, or after reporting an error. */
  private AnnotationMirror layer(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    List<AnnotationMirror> layers = annotations(method, Vocabulary.LAYERS);
    List<AnnotationMirror> losses = annotations(method, Vocabulary.LOSSES);
    boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
    if (layers.isEmpty()) {
      if (!losses.isEmpty()) {
        values.error("method " + name + "() has @" + Values.simpleName(losses.get(0)) + " but no layer"
            + " annotation; put the loss on the layer it scores, such as @Dense(units = 10) @"
            + Values.simpleName(losses.get(0)) + " Layer " + name + "();", method, losses.get(0), null);
      } else if (isAbstract) {
        values.error("method " + name + "() is not a layer; annotate it with a layer annotation such as"
            + " @Input, @Dense or @Conv2d, or give it a body", method, null, null);
      }
      return null;
    }
    AnnotationMirror layer = layers.get(0);
    if (layers.size() > 1) {
      values.error("method " + name + "() has both @" + Values.simpleName(layer) + " and @"
          + Values.simpleName(layers.get(1)) + "; declare one layer per method", method, layers.get(1), null);
      return null;
    }
    boolean ok = true;
    if (!isAbstract) {
      values.error("layer method " + name + "() must be abstract: netc generates the network, not this method",
          method, null, null);
      ok = false;
    }
    if (!method.getParameters().isEmpty()) {
      values.error("layer method " + name + "() must take no parameters; name another layer with input ="
          + " \"...\" to read from it", method.getParameters().get(0), null, null);
      ok = false;
    }
    if (!types.isSameType(method.getReturnType(), layerType)) {
      values.error("layer method " + name + "() must return " + LAYER + ", not " + method.getReturnType(),
          method, null, null);
      ok = false;
    }
    return ok ? layer : null;
  }

  /** The loss annotation of a layer method as {@code loss name(method, args, weight: w);}, or null. */
  private LossDecl loss(ExecutableElement method) {
    List<AnnotationMirror> losses = annotations(method, Vocabulary.LOSSES);
    if (losses.isEmpty()) {
      return null;
    }
    String name = method.getSimpleName().toString();
    if (losses.size() > 1) {
      values.error("method " + name + "() has both @" + Values.simpleName(losses.get(0)) + " and @"
          + Values.simpleName(losses.get(1)) + "; one loss per output", method, losses.get(1), null);
      return null;
    }
    AnnotationMirror loss = losses.get(0);
    String kind = Values.simpleName(loss);
    SourcePos p = positions.of(method, loss);
    List<Arg> args = new ArrayList<>();
    SourcePos at = positions.of(method);
    args.add(new Arg(null, new Ident(name, at), at));
    args.addAll(values.args(method, loss, kind, explicitValues(loss)));
    return new LossDecl(new Call(Vocabulary.LOSSES.get(kind), args, p), p);
  }

  /** The annotations of {@code element} from {@code dev.netc.annotations} that {@code names} lists. */
  private static List<AnnotationMirror> annotations(Element element, Map<String, String> names) {
    List<AnnotationMirror> found = new ArrayList<>();
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement t = (TypeElement) m.getAnnotationType().asElement();
      if (t.getQualifiedName().toString().startsWith(PACKAGE + ".")
          && names.containsKey(t.getSimpleName().toString())) {
        found.add(m);
      }
    }
    return found;
  }

  static String simpleName(AnnotationMirror mirror) {
    return Values.simpleName(mirror);
  }

  static AnnotationMirror mirror(Element element, String qualifiedName) {
    return Values.mirror(element, qualifiedName);
  }

  static Map<String, AnnotationValue> explicitValues(AnnotationMirror mirror) {
    return Values.explicitValues(mirror);
  }
}
