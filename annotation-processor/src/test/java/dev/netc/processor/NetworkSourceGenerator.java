package dev.netc.processor;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a Java source file of one {@code @Network} interface from fuzzed choices, for {@link
 * NetworkInterfaceFuzzTarget}: the network's loss, optimizer and training settings, then layer
 * methods with any annotation and attribute values from edge cases (0, -1, huge, NaN, 1e39) and
 * references to earlier, later, missing and odd names. Every file is valid Java whose annotations
 * type-check, so the fuzzing reaches the processor instead of stopping in javac's parser; most
 * choices are ordinary (an input first, small positive sizes, one annotation per method, distinct
 * names, a dense head last), each with a small chance of the odd one, so that many networks
 * check and get generated and the odd value lands inside an otherwise sound network.
 *
 * <p>Strings quoted into the source come from an alphabet without spaces, so no quoted text can
 * contain the crash guard's phrase "internal netc error" that the target looks for.
 */
final class NetworkSourceGenerator {
  static final String[] NAMES = {"x", "h", "out", "a", "b", "y", "seq", "img", "hidden", "x2", "enc", "logits",
      "Layer", "model", "train", "predict", "value", "parameters"};
  /** Names netc refuses or javac reads differently, for the odd choice. */
  private static final String[] ODD_NAMES = {"ƒoo", "$", "Fuzz", "FuzzModel", "__", "x1y", "hashCode", "getClass"};
  private static final String[] LOSSES = {"MSE", "L1", "HUBER", "SOFTMAX_CROSS_ENTROPY",
      "BINARY_CROSS_ENTROPY_WITH_LOGITS", "KL_DIVERGENCE"};
  private static final String[] OPTIMIZERS = {"SGD", "GD", "ADAM", "ADAMW", "ADAGRAD", "RMSPROP"};
  private static final String[] ACTIVATIONS = {"LINEAR", "SIGMOID", "TANH", "RELU", "LEAKY_RELU", "ELU", "GELU",
      "SILU", "SOFTPLUS", "SOFTMAX", "LOG_SOFTMAX"};
  private static final String[] OPTIMIZER_NUMBERS = {"lr", "momentum", "dampening", "beta1", "beta2", "eps",
      "lrDecay", "initialAccumulatorValue", "alpha", "weightDecay"};
  private static final int[] EDGE_INTS = {0, 1, 2, 3, 4, 8, 28, -1, -2, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE};
  private static final String[] EDGE_DOUBLES = {"0.0", "0.1", "0.5", "0.9", "1.0", "1.5", "-1.0", "1e-8", "1e39",
      "-1e39", "Double.NaN", "Double.POSITIVE_INFINITY", "Double.MAX_VALUE", "Double.MIN_VALUE"};
  private static final String ODD_CHARS = "abcxyz019_.-/\\\"'$@{}()[];,:<>*é\u0000\u200b\n\t";

  private final FuzzedDataProvider in;
  private final List<String> declared = new ArrayList<>();
  /** Odd choices left for this file: at most two, so the odd value lands in an otherwise sound network. */
  private int oddLeft;
  /** Layers of every kind, or of the dense family only (which fits a rank-1 input). */
  private boolean anyLayer;
  /** Whether {@code @Network} names the loss (loss annotations on methods then clash). */
  private boolean networkLoss;

  NetworkSourceGenerator(FuzzedDataProvider in) {
    this.in = in;
  }

  /** The source of {@code test.Fuzz}. */
  String source() {
    oddLeft = in.consumeInt(0, 2);
    anyLayer = in.consumeBoolean();
    StringBuilder s = new StringBuilder("package test;\n\nimport dev.netc.annotations.*;\n\n");
    s.append(network());
    if (in.consumeBoolean()) {
      s.append("@Training(batch = ").append(anInt()).append(", epochs = ").append(anInt()).append(", seed = ")
          .append(rarely() ? in.consumeLong() : in.consumeLong() & Long.MAX_VALUE).append("L)\n");
    }
    boolean abstractClass = rarely();
    s.append(abstractClass ? "abstract class Fuzz {\n" : "interface Fuzz {\n");
    int methods = rarely() ? 0 : in.consumeInt(1, 8);
    for (int i = 0; i <= methods; i++) {
      String annotations;
      if (i == 0 && !rarely()) {
        annotations = "@Input(" + ints(1, anyLayer ? 3 : 1) + ")";
      } else if (i == methods && !rarely()) {
        annotations = "@Dense(units = " + anInt() + activation() + ")"
            + (!networkLoss || rarely() ? " " + in.pickValue(LOSS_ANNOTATIONS).apply(this) : "");
      } else {
        annotations = layer();
      }
      // distinct names unless the fuzzer asks for a clash; javac reports clashes, netc never sees them
      String name = rarely() ? in.pickValue(in.consumeBoolean() ? NAMES : ODD_NAMES) : in.pickValue(NAMES) + "_" + i;
      s.append("  ").append(annotations).append(abstractClass ? " abstract " : " ")
          .append(rarely() ? "float[]" : "Layer").append(' ').append(name).append("();\n");
      declared.add(name);
    }
    return s.append("}\n").toString();
  }

  private String network() {
    StringBuilder s = new StringBuilder("@Network");
    List<String> args = new ArrayList<>();
    int losses = rarely() ? in.consumeInt(-1, 2) : 1;
    networkLoss = losses > 0;
    if (losses == 0) {
      args.add("loss = {}");
    } else if (losses > 0) {
      List<String> chosen = new ArrayList<>();
      for (int i = 0; i < losses; i++) {
        chosen.add("Loss." + in.pickValue(LOSSES));
      }
      args.add("loss = {" + String.join(", ", chosen) + "}");
    }
    if (in.consumeBoolean()) {
      StringBuilder o = new StringBuilder("optimizer = @Optimizer(value = Optimizers." + in.pickValue(OPTIMIZERS));
      java.util.Set<String> set = new java.util.HashSet<>();
      for (int i = in.consumeInt(0, 3); i > 0; i--) {
        // every optimizer takes lr; the others only some (refusing the rest is checked too)
        String number = rarely() ? in.pickValue(OPTIMIZER_NUMBERS) : "lr";
        if (set.add(number)) {
          o.append(", ").append(number).append(" = ").append(aDouble());
        }
      }
      if (rarely()) {
        o.append(", nesterov = true");
      }
      args.add(o.append(')').toString());
    }
    if (!args.isEmpty()) {
      s.append('(').append(String.join(", ", args)).append(')');
    }
    return s.append('\n').toString();
  }

  /** One layer method's annotations (usually one, sometimes none or two). */
  private String layer() {
    int count = rarely() ? in.consumeInt(0, 2) : 1;
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      s.append(i > 0 ? " " : "").append((anyLayer ? in.pickValue(LAYERS) : in.pickValue(DENSE_FAMILY)).apply(this));
    }
    if (!networkLoss && rarely()) {
      s.append(' ').append(in.pickValue(LOSS_ANNOTATIONS).apply(this));
    }
    return s.toString();
  }

  private static final List<Function<NetworkSourceGenerator, String>> LAYERS = List.of(
      g -> "@Input(" + g.ints(1, 3) + (g.in.consumeInt(0, 5) == 0 ? ", type = int.class" : "") + ")",
      g -> "@Dense(units = " + g.anInt() + g.activation() + g.input() + ")",
      g -> "@Conv2d(filters = " + g.anInt() + ", kernel = " + g.ints(1, 2)
          + (g.rarely() ? ", stride = " + g.ints(1, 2) : "") + (g.in.consumeBoolean() ? ", padding = Padding.SAME" : "")
          + (g.rarely() ? ", groups = " + g.anInt() : "") + g.activation() + g.input() + ")",
      g -> "@MaxPool(size = " + g.ints(1, 2) + g.input() + ")",
      g -> "@Dropout(rate = " + g.aDouble() + g.input() + ")",
      g -> "@Activate(value = Activation." + g.in.pickValue(ACTIVATIONS) + (g.rarely() ? ", alpha = " + g.aDouble() : "")
          + g.input() + ")",
      g -> "@Activate(value = Activation." + (g.in.consumeBoolean() ? "LEAKY_RELU" : "ELU") + ", alpha = " + g.aDouble()
          + g.input() + ")",
      g -> "@Embedding(vocab = " + g.anInt() + ", dim = " + g.anInt() + g.input() + ")",
      g -> "@Lstm(units = " + g.anInt() + ", sequences = " + g.in.consumeBoolean() + ", bidirectional = "
          + g.in.consumeBoolean() + ", layers = " + g.anInt() + g.input() + ")",
      g -> "@Gru(units = " + g.anInt() + ", sequences = " + g.in.consumeBoolean() + g.input() + ")",
      g -> "@Slice(axis = " + g.anInt() + ", from = " + g.anInt() + ", to = " + g.anInt() + g.input() + ")",
      g -> "@Reshape(value = " + g.ints(0, 3) + g.input() + ")",
      g -> "@Concat(value = " + g.names() + ", axis = " + g.anInt() + ")",
      g -> "@Add(" + g.names() + ")",
      g -> "@Mul(" + g.names() + ")",
      g -> "@MultiHeadAttention(heads = " + g.anInt() + ", keyDim = " + g.anInt() + ", causal = "
          + g.in.consumeBoolean() + g.input() + ")",
      g -> "@LayerNorm(" + (g.rarely() ? "axes = " + g.ints(0, 2) + ", " : "") + "eps = " + g.aDouble() + g.input() + ")",
      g -> "@BatchNorm(momentum = " + g.aDouble() + g.input() + ")",
      g -> "@Upsample(factor = " + g.ints(1, 2) + g.input() + ")",
      g -> "@PositionalEmbedding(kind = PositionKind." + (g.in.consumeBoolean() ? "LEARNED" : "SINUSOIDAL") + g.input() + ")",
      g -> "@Mean(axis = " + g.anInt() + ", keep = " + g.in.consumeBoolean() + g.input() + ")",
      g -> "@Flatten" + (g.in.consumeBoolean() ? "(input = " + g.name() + ")" : ""),
      g -> "@GlobalAvgPool",
      g -> "@TimeDense(units = " + g.anInt() + g.activation() + ")");

  private static final List<Function<NetworkSourceGenerator, String>> DENSE_FAMILY = List.of(
      LAYERS.get(1), LAYERS.get(4), LAYERS.get(5), LAYERS.get(6), LAYERS.get(13), LAYERS.get(16), LAYERS.get(17));

  /** Losses on an output method, next to its layer annotation. */
  private static final List<Function<NetworkSourceGenerator, String>> LOSS_ANNOTATIONS = List.of(
      g -> "@SoftmaxCrossEntropy(labelSmoothing = " + g.aDouble() + ", classWeights = {" + g.aDouble() + "}, weight = "
          + g.aDouble() + ")",
      g -> "@Mse(weight = " + g.aDouble() + ")",
      g -> "@Huber",
      g -> "@L1");

  /** True one time in eight: the odd choice. */
  boolean rarely() {
    if (oddLeft > 0 && in.consumeInt(0, 7) == 0) {
      oddLeft--;
      return true;
    }
    return false;
  }

  private int anInt() {
    return rarely() ? (in.consumeBoolean() ? in.pickValue(EDGE_INTS) : in.consumeInt()) : in.consumeInt(1, 16);
  }

  private String aDouble() {
    if (!rarely()) {
      return Double.toString(in.consumeInt(0, 9) / 10.0);
    }
    return in.consumeBoolean() ? in.pickValue(EDGE_DOUBLES) : Double.toString(in.consumeDouble());
  }

  private String ints(int min, int max) {
    List<String> v = new ArrayList<>();
    for (int i = in.consumeInt(min, max); i > 0; i--) {
      v.add(Integer.toString(anInt()));
    }
    return "{" + String.join(", ", v) + "}";
  }

  private String activation() {
    if (!in.consumeBoolean()) {
      return "";
    }
    // the softmaxes are layers of their own (@Activate), not a dense layer's activation
    return ", activation = Activation." + ACTIVATIONS[rarely() ? in.consumeInt(0, 10) : in.consumeInt(0, 8)];
  }

  private String input() {
    return rarely() ? ", input = " + name() : "";
  }

  private String names() {
    List<String> v = new ArrayList<>();
    for (int i = rarely() ? in.consumeInt(0, 3) : 2; i > 0; i--) {
      v.add(name());
    }
    return "{" + String.join(", ", v) + "}";
  }

  /** A quoted layer name: one declared before, any known name, or odd text (escaped for Java). */
  private String name() {
    String n = switch (rarely() ? in.consumeInt(0, 1) : 2) {
      case 0 -> in.pickValue(in.consumeBoolean() ? NAMES : ODD_NAMES);
      case 1 -> odd();
      default -> declared.isEmpty() ? "x" : in.pickValue(declared);
    };
    return '"' + escape(n) + '"';
  }

  private String odd() {
    StringBuilder s = new StringBuilder();
    for (int i = in.consumeInt(0, 6); i > 0; i--) {
      s.append(ODD_CHARS.charAt(in.consumeInt(0, ODD_CHARS.length() - 1)));
    }
    return s.toString();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        // octal, not a unicode escape: javac reads those before the string literal, so a newline breaks it
        out.append(String.format("\\%03o", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
