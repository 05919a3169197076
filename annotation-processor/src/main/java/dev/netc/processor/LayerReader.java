package dev.netc.processor;

import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Chain;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.InputDecl;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.ValueStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * Reads one layer method's annotation into the statement a .net file would write: {@code @Input}
 * into {@code input x: float[..];}, any other layer annotation into {@code name = op(args);} with
 * only the elements the user wrote as arguments. The layers it reads by method name become the
 * call's leading positional arguments ({@code dense(hidden, 10)}, {@code add(branch, stem)}), a
 * recurrent layer's {@code initialState} a named value argument; {@link References} checks each.
 */
final class LayerReader {
  private final Values values;
  private final References references;

  LayerReader(Values values, References references) {
    this.values = values;
    this.references = references;
  }

  /** The statement of {@code method}, declared with {@code layer}; null after reporting why not. */
  Member read(ExecutableElement method, AnnotationMirror layer) {
    String name = method.getSimpleName().toString();
    Positions positions = values.positions();
    SourcePos namePos = positions.of(method);
    SourcePos callPos = positions.of(method, layer);
    Map<String, AnnotationValue> written = Values.explicitValues(layer);
    String kind = Values.simpleName(layer);
    if (kind.equals("Input")) {
      return input(method, layer, name, written, callPos);
    }
    String op = Vocabulary.LAYERS.get(kind);
    if (kind.equals(Vocabulary.ACTIVATE)) {
      AnnotationValue activation = written.remove("value");
      Expr e = activation == null ? null : values.expr(activation, callPos);
      if (!(e instanceof Ident id)) {
        return null; // javac reported the missing or bad value
      }
      op = id.name();
    }
    List<Arg> args = new ArrayList<>();
    boolean ok = true;
    if (Vocabulary.MERGES.contains(kind)) {
      AnnotationValue merged = written.remove("value");
      if (merged != null && merged.getValue() instanceof List<?> items) {
        for (Object item : items) {
          ok &= reference(args, null, method, layer, (AnnotationValue) item);
        }
      }
    }
    AnnotationValue input = written.remove("input");
    if (input != null && !(input.getValue() instanceof String s && s.isEmpty())) {
      // an explicit input is the first positional argument, as in dense(hidden, 10)
      ok &= reference(args, null, method, layer, input);
    }
    for (String valueArg : List.of("initialState", "initialCell")) {
      AnnotationValue ref = written.remove(valueArg);
      if (ref != null && !(ref.getValue() instanceof String s && s.isEmpty())) {
        ok &= reference(args, Vocabulary.snakeCase(valueArg), method, layer, ref);
      }
    }
    if (written.containsKey("padding") && written.containsKey("pad")) {
      values.error("@" + kind + " takes a named padding or explicit pad sizes, not both; remove one",
          method, layer, written.get("pad"));
      ok = false;
    }
    args.addAll(values.args(method, layer, kind, written));
    if (!ok) {
      return null;
    }
    Call call = new Call(op, args, callPos);
    return new ValueStmt(name, namePos, new Chain(List.of(call), callPos), namePos);
  }

  private Member input(ExecutableElement method, AnnotationMirror layer, String name,
      Map<String, AnnotationValue> written, SourcePos callPos) {
    AnnotationValue dims = written.get("value");
    AnnotationValue type = written.get("type");
    String elementType = "float";
    if (type != null) {
      elementType = type.getValue() instanceof TypeMirror t ? t.toString() : "";
      if (!elementType.equals("float") && !elementType.equals("int")) {
        values.error("input " + name + ": type is float.class (values) or int.class (token ids), not "
            + elementType + ".class", method, layer, type);
        return null;
      }
    }
    List<Integer> shape = new ArrayList<>();
    if (dims != null && dims.getValue() instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof AnnotationValue v && v.getValue() instanceof Integer i) {
          shape.add(i);
        } else {
          return null; // javac reported the bad value
        }
      }
    }
    if (shape.isEmpty()) {
      values.error("input " + name + ": give its shape without the batch dimension, such as @Input(4) or"
          + " @Input({28, 28})", method, layer, dims);
      return null;
    }
    return new InputDecl(name, elementType, callPos, shape, callPos);
  }

  /** Adds the layer {@code value} names as an argument ({@code arg} null: positional); false after an error. */
  private boolean reference(List<Arg> args, String arg, ExecutableElement method, AnnotationMirror layer,
      AnnotationValue value) {
    if (!(value.getValue() instanceof String ref)) {
      return false; // javac reported the value
    }
    Ident id = references.resolve(ref, method.getSimpleName().toString(), method, layer, value);
    if (id == null) {
      return false;
    }
    args.add(new Arg(arg, id, id.pos()));
    return true;
  }
}
