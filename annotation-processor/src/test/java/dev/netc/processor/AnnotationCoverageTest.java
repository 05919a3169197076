package dev.netc.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.annotations.Activate;
import dev.netc.annotations.Activation;
import dev.netc.annotations.Loss;
import dev.netc.annotations.Optimizer;
import dev.netc.annotations.Optimizers;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.build.OptimizerCatalogue;
import dev.netc.codegen.ops.Args;
import dev.netc.codegen.ops.LayerCode;
import dev.netc.codegen.ops.ArgSpec;
import dev.netc.codegen.ops.ArgType;
import dev.netc.codegen.ops.LossDef;
import dev.netc.codegen.ops.Losses;
import dev.netc.codegen.ops.Op;
import dev.netc.codegen.ops.OpCatalogue;
import dev.netc.codegen.ops.OpWrapper;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The annotations cover the catalogue: every op of {@link OpCatalogue}, every loss of {@link
 * Losses} and every optimizer has an annotation (or a constant), every argument an element of a
 * type that can hold it, every choice of an enum argument a constant, and no element is left that
 * the catalogue no longer has. A new op, argument or choice without its annotation fails here,
 * naming it, so the two front ends cannot drift apart. (There is no generic escape hatch such as
 * {@code @Op(name = "...")}: every op is covered by its own annotation.)
 */
class AnnotationCoverageTest {
  private static final String PACKAGE = "dev.netc.annotations.";

  /** Elements that are no argument: the layers read, by method name. */
  private static final Set<String> REFERENCES = Set.of("input", "value");

  @Test
  void everyOpHasAnAnnotationWithAnElementPerArgument() {
    List<String> missing = opProblems(OpCatalogue.all().values());
    assertEquals(List.of(), missing, String.join("\n", missing));
  }

  @Test
  void anOpWithoutAnnotationAndAnArgumentWithoutElementAreNamed() {
    // the check itself can fail: a new op, and dense with an argument its annotation lacks
    Op dense = OpCatalogue.get("dense");
    List<ArgSpec> denseArgs = new ArrayList<>(dense.args());
    denseArgs.add(ArgSpec.optional("weight_norm", ArgType.bool(), false, "a new argument"));
    List<String> missing = opProblems(List.of(fake("frobnicate", List.of()), fake("dense", denseArgs)));
    assertEquals(List.of("op frobnicate has no annotation: add one to dev.netc.annotations and to"
        + " Vocabulary.LAYERS (or a constant to Activation for an activation)",
        "@Dense (op dense) has no element for argument 'weight_norm' (true or false): add weightNorm()"), missing);
  }

  private static Op fake(String name, List<ArgSpec> args) {
    return new Op() {
      @Override public String name() { return name; }
      @Override public String doc() { return "a test op"; }
      @Override public List<ArgSpec> args() { return args; }
      @Override public Shape inferShape(Shape input, Args a, Diagnostics diags, String where) { return input; }
      @Override public void emitForward(LayerCode code) {}
      @Override public void emitBackward(LayerCode code) {}
    };
  }

  /** What is missing for {@code ops} to be covered, one line each. */
  private static List<String> opProblems(Iterable<Op> ops) {
    List<String> missing = new ArrayList<>();
    Map<Class<?>, Set<String>> used = new LinkedHashMap<>();
    for (Op op : ops) {
      Class<?> annotation = annotationOf(op.name());
      if (annotation == null) {
        missing.add("op " + op.name() + " has no annotation: add one to dev.netc.annotations and to"
            + " Vocabulary.LAYERS (or a constant to Activation for an activation)");
        continue;
      }
      String where = "@" + annotation.getSimpleName() + " (op " + op.name() + ")";
      Set<String> elements = used.computeIfAbsent(annotation, k -> new HashSet<>());
      for (ArgSpec arg : op.args()) {
        checkArgument(where, annotation, arg, elements, missing);
      }
      for (Op.ValueArg value : op.valueArgs()) {
        String element = Vocabulary.camelCase(value.name());
        expectElement(where, annotation, element, String.class, value.name(), missing);
        elements.add(element);
      }
      if (op.isMerge()) {
        expectElement(where, annotation, "value", String[].class, "the merged layers", missing);
      } else {
        expectElement(where, annotation, "input", String.class, "the layer read", missing);
      }
      for (OpWrapper wrapper : OpCatalogue.wrappers().values()) {
        if (wrapper.wraps(op)) {
          // bidirectional(gru(64)) is gru(64, bidirectional: true): the element must be there
          expectElement(where, annotation, Vocabulary.camelCase(wrapper.name()), boolean.class,
              "the wrapper " + wrapper.name(), missing);
        }
      }
    }
    used.forEach((annotation, elements) -> stale(annotation, elements, Set.of("input", "value", "pad"), missing));
    return missing;
  }

  @Test
  void everyLossHasAnAnnotationWithItsArgumentsAndAWeight() {
    List<String> missing = new ArrayList<>();
    Set<String> enumLosses = new HashSet<>();
    for (Loss loss : Loss.values()) {
      enumLosses.add(loss.dslName());
    }
    for (LossDef loss : Losses.all().values()) {
      if (!enumLosses.contains(loss.name())) {
        missing.add("loss " + loss.name() + " has no constant in enum Loss (for @Network(loss = ...))");
      }
      String annotationName = Vocabulary.LOSSES.entrySet().stream().filter(e -> e.getValue().equals(loss.name()))
          .map(Map.Entry::getKey).findFirst().orElse(null);
      Class<?> annotation = annotationName == null ? null : load(annotationName);
      if (annotation == null) {
        missing.add("loss " + loss.name() + " has no annotation: add one to dev.netc.annotations and to"
            + " Vocabulary.LOSSES");
        continue;
      }
      String where = "@" + annotation.getSimpleName() + " (loss " + loss.name() + ")";
      Set<String> elements = new HashSet<>(Set.of("weight"));
      expectElement(where, annotation, "weight", double.class, "the output's weight", missing);
      for (ArgSpec arg : loss.args()) {
        checkArgument(where, annotation, arg, elements, missing);
      }
      stale(annotation, elements, Set.of(), missing);
    }
    for (Loss loss : Loss.values()) {
      if (!Losses.all().containsKey(loss.dslName())) {
        missing.add("Loss." + loss + " names no loss of the catalogue");
      }
    }
    assertEquals(List.of(), missing, String.join("\n", missing));
  }

  @Test
  void everyOptimizerHasAConstantAndEveryArgumentAnElement() {
    List<String> missing = new ArrayList<>();
    Set<String> constants = new TreeSet<>();
    for (Optimizers o : Optimizers.values()) {
      constants.add(o.dslName());
    }
    Set<String> elements = new HashSet<>(Set.of("value"));
    OptimizerCatalogue.all().forEach((name, schema) -> {
      if (!constants.contains(name)) {
        missing.add("optimizer " + name + " has no constant in enum Optimizers");
      }
      for (ArgSpec arg : schema) {
        checkArgument("@Optimizer (optimizer " + name + ")", Optimizer.class, arg, elements, missing);
      }
    });
    constants.removeAll(OptimizerCatalogue.all().keySet());
    constants.forEach(c -> missing.add("Optimizers." + c.toUpperCase(Locale.ROOT) + " names no optimizer"));
    stale(Optimizer.class, elements, Set.of(), missing);
    assertEquals(List.of(), missing, String.join("\n", missing));
  }

  /** The annotation of {@code op}: its own, or {@code @Activate} for an activation; null for none. */
  private static Class<?> annotationOf(String op) {
    String name = Vocabulary.annotationOf(op);
    if (name != null) {
      return load(name);
    }
    return Arrays.stream(Activation.values()).anyMatch(a -> a.dslName().equals(op)) ? Activate.class : null;
  }

  private static Class<?> load(String simpleName) {
    try {
      return Class.forName(PACKAGE + simpleName);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** The argument's element exists with a type that holds its values; its enum has every choice. */
  private static void checkArgument(String where, Class<?> annotation, ArgSpec arg, Set<String> elements,
      List<String> missing) {
    Map<String, Method> byArgument = new LinkedHashMap<>();
    for (Method m : annotation.getDeclaredMethods()) {
      byArgument.putIfAbsent(Vocabulary.argument(annotation.getSimpleName(), m.getName()), m);
    }
    Method element = byArgument.get(arg.name());
    if (element == null) {
      missing.add(where + " has no element for argument '" + arg.name() + "' (" + arg.type().describe()
          + "): add " + Vocabulary.camelCase(arg.name()) + "()");
      return;
    }
    elements.add(element.getName());
    Class<?> type = element.getReturnType();
    ArgType t = arg.type();
    boolean fits;
    if (t instanceof ArgType.IntType) {
      fits = type == int.class || type == long.class;
    } else if (t instanceof ArgType.FloatType) {
      fits = type == double.class;
    } else if (t instanceof ArgType.BoolType) {
      fits = type == boolean.class;
    } else if (t instanceof ArgType.EnumType e) {
      fits = type.isEnum() && hasChoices(where, arg, type, e.choices(), missing);
    } else if (t instanceof ArgType.IntListType) {
      fits = type == int[].class;
    } else if (t instanceof ArgType.FloatListType) {
      fits = type == double[].class;
    } else if (t instanceof ArgType.EnumOrIntListType e) {
      fits = type.isEnum() && hasChoices(where, arg, type, e.choices(), missing)
          && hasPad(where, annotation, elements, missing);
    } else {
      fits = false; // a new kind of argument: decide how an annotation holds it
    }
    if (!fits) {
      missing.add(where + ": element " + element.getName() + "() returns " + type.getSimpleName()
          + ", which cannot hold argument '" + arg.name() + "' (" + t.describe() + ")");
    }
  }

  private static boolean hasChoices(String where, ArgSpec arg, Class<?> enumType, List<String> choices,
      List<String> missing) {
    Set<String> constants = new HashSet<>();
    for (Object c : enumType.getEnumConstants()) {
      constants.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT));
    }
    boolean ok = true;
    for (String choice : choices) {
      if (!constants.contains(choice)) {
        missing.add(where + ": enum " + enumType.getSimpleName() + " has no constant for '" + choice
            + "', a choice of argument '" + arg.name() + "'");
        ok = false;
      }
    }
    return ok;
  }

  /** An argument that is a name or a list of sizes has both: padding = Padding.SAME or pad = {1, 2}. */
  private static boolean hasPad(String where, Class<?> annotation, Set<String> elements, List<String> missing) {
    try {
      boolean ok = annotation.getDeclaredMethod("pad").getReturnType() == int[].class;
      elements.add("pad");
      return ok;
    } catch (NoSuchMethodException e) {
      missing.add(where + " has no element pad() for explicit padding sizes");
      return false;
    }
  }

  private static void expectElement(String where, Class<?> annotation, String name, Class<?> type, String what,
      List<String> missing) {
    try {
      Class<?> actual = annotation.getDeclaredMethod(name).getReturnType();
      if (actual != type) {
        missing.add(where + ": element " + name + "() returns " + actual.getSimpleName() + ", expected "
            + type.getSimpleName() + " for " + what);
      }
    } catch (NoSuchMethodException e) {
      missing.add(where + " has no element " + name + "() for " + what);
    }
  }

  /** Elements no argument of the catalogue stands behind any more. */
  private static void stale(Class<?> annotation, Set<String> covered, Set<String> allowed, List<String> missing) {
    for (Method m : annotation.getDeclaredMethods()) {
      if (!covered.contains(m.getName()) && !allowed.contains(m.getName()) && !REFERENCES.contains(m.getName())) {
        missing.add("@" + annotation.getSimpleName() + "." + m.getName() + "() is no argument of what it stands for");
      }
    }
  }
}
