package dev.netc.processor;

import dev.netc.annotations.Activation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewords the shared checkers' diagnostics for an annotated interface: the checkers speak .net
 * ({@code dense: argument 'units' ...}, {@code add flatten before out}), the user wrote Java, so
 * ops become their annotations ({@code @Dense}), arguments their elements ({@code outputPadding}),
 * and suggested statements the annotation that writes them ({@code add a @Flatten method before
 * out()}). The position is untouched: it already names the element, annotation and value.
 * Messages without .net wording pass through unchanged.
 */
final class JavaAdvice {
  private JavaAdvice() {}

  /** One rewording: {@code pattern} (found anywhere in the message) and its replacement. */
  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES = List.of(
      rule("; add flatten before (\\w+)", "; add a @Flatten method before $1()"),
      rule("int input needs embedding first", "int input needs an @Embedding layer first"),
      rule("embed it first with embedding\\(\\.\\.\\.\\)", "embed it first with an @Embedding layer"),
      rule("token ids need embedding first", "token ids need an @Embedding layer first"),
      rule("or embedding first for token ids", "or an @Embedding layer first for token ids"),
      rule("reshape\\(\\[(\\d+), 1\\]\\)", "@Reshape({$1, 1})"),
      rule("add a layer such as dense\\(10\\)", "add a layer such as @Dense(units = 10)"),
      rule("e\\.g\\. (\\w+) -> conv2d\\((\\d+), kernel: 1\\)",
          "e.g. a method @Conv2d(filters = $2, kernel = 1, input = \"$1\")"),
      rule("e\\.g\\. (\\w+) -> dense\\((\\d+)\\)", "e.g. a method @Dense(units = $2, input = \"$1\")"),
      rule("e\\.g\\. dense\\((\\d+)\\)", "e.g. @Dense(units = $1)"),
      rule("end the network with log_softmax", "end the network with @Activate(Activation.LOG_SOFTMAX)"),
      rule("write (\\w+)\\(a, b\\) or a -> \\w+\\(b\\)", "name them, as in @ADVICE_$1({\"a\", \"b\"})"),
      rule("\\(for example concat\\(\\.\\.\\., (\\w+)\\)\\)", "(for example @Concat({..., \"$1\"}))"),
      rule("add it to the outputs \\(output \\.\\.\\., (\\w+)\\) with a loss",
          "make it an output with a loss annotation on $1(), such as @Mse"));

  private static final Pattern OP_PREFIX = Pattern.compile("^(?:loss )?(\\w+)(:| merges| reads)");
  private static final Pattern ARGUMENT = Pattern.compile("argument '(\\w+)'");
  private static final Pattern UNKNOWN_OPTIMIZER_ARG =
      Pattern.compile("^(\\w+): unknown argument '(\\w+)'(?:, did you mean '(\\w+)'\\?|; it takes (.*))$");
  private static final Pattern CHOICES = Pattern.compile("expects one of ([a-z0-9_, ]+), got '(\\w+)'");
  private static final Pattern MERGE_ANNOTATION = Pattern.compile("@ADVICE_(\\w+)");

  private static Rule rule(String pattern, String replacement) {
    return new Rule(Pattern.compile(pattern), replacement);
  }

  /** {@code message} in the terms of the annotations. */
  static String of(String message) {
    String out = optimizerArgument(message);
    if (out != null) {
      return out;
    }
    out = message;
    for (Rule r : RULES) {
      out = r.pattern.matcher(out).replaceAll(r.replacement);
    }
    out = MERGE_ANNOTATION.matcher(out).replaceAll(m -> annotationOf(m.group(1)));
    Matcher op = OP_PREFIX.matcher(out);
    if (op.find() && annotationOf(op.group(1)) != null) {
      out = annotationOf(op.group(1)) + out.substring(op.end(1));
      out = ARGUMENT.matcher(out).replaceAll(m -> Vocabulary.camelCase(m.group(1)));
      // the choices of an enum element are its constants: LEAKY_RELU, not leaky_relu
      out = CHOICES.matcher(out).replaceAll(m -> "expects one of " + m.group(1).toUpperCase(Locale.ROOT)
          + ", got " + m.group(2).toUpperCase(Locale.ROOT));
    }
    return out;
  }

  /** "adam: unknown argument 'momentum'; it takes lr, ..." as Optimizers.ADAM's elements. */
  private static String optimizerArgument(String message) {
    Matcher m = UNKNOWN_OPTIMIZER_ARG.matcher(message);
    if (!m.matches() || !OPTIMIZERS.containsKey(m.group(1))) {
      return null;
    }
    String which = OPTIMIZERS.get(m.group(1));
    String element = Vocabulary.camelCase(m.group(2));
    if (m.group(3) != null) {
      return which + " takes no " + element + "; did you mean " + Vocabulary.camelCase(m.group(3)) + "?";
    }
    StringBuilder takes = new StringBuilder();
    for (String arg : m.group(4).split(", ")) {
      takes.append(takes.length() == 0 ? "" : ", ").append(Vocabulary.camelCase(arg));
    }
    return which + " takes no " + element + "; remove it (it takes " + takes + ")";
  }

  private static final Map<String, String> OPTIMIZERS = Map.of(
      "sgd", "Optimizers.SGD", "gd", "Optimizers.GD", "adam", "Optimizers.ADAM", "adamw", "Optimizers.ADAMW",
      "adagrad", "Optimizers.ADAGRAD", "rmsprop", "Optimizers.RMSPROP");

  /** {@code @Conv2d} for conv2d, {@code @Activate(Activation.RELU)} for relu; null for no op. */
  private static String annotationOf(String op) {
    String annotation = Vocabulary.annotationOf(op);
    if (annotation != null && !annotation.isEmpty()) {
      return "@" + annotation;
    }
    for (Activation activation : Activation.values()) {
      if (activation.dslName().equals(op)) {
        return "@Activate(Activation." + activation.name() + ")";
      }
    }
    for (Map.Entry<String, String> loss : Vocabulary.LOSSES.entrySet()) {
      if (loss.getValue().equals(op)) {
        return "@" + loss.getKey();
      }
    }
    return null;
  }
}
