package dev.netc.processor;

import dev.netc.codegen.base.Names;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What each annotation of {@code dev.netc.annotations} stands for in a {@code .net} file: the op
 * of a layer annotation, the loss of a loss annotation, and the few elements whose .net name is
 * not their snake_case spelling. Every other element of a layer or loss annotation is the
 * argument of the same name ({@code outputPadding} is {@code output_padding}); {@code
 * AnnotationCoverageTest} checks this table and the annotations against the op catalogue, the
 * losses and the optimizers, so the two front ends cannot drift apart.
 */
final class Vocabulary {
  private Vocabulary() {}

  /** The layer annotations, by simple name, and the op each stands for ("" for the input). */
  static final Map<String, String> LAYERS;

  /** The loss annotations, by simple name, and the loss each stands for. */
  static final Map<String, String> LOSSES;

  /** Layer annotations whose {@code value} lists the layers they merge. */
  static final Set<String> MERGES = Set.of("Add", "Sub", "Mul", "Concat");

  /** {@code @Activate}: the op is the activation its {@code value} names. */
  static final String ACTIVATE = "Activate";

  /** Elements named otherwise than their argument: explicit conv and pool padding, reshape's shape. */
  static final Map<String, String> RENAMED = Map.of("pad", "padding", "Reshape.value", "shape");

  static {
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("Input", "");
    layers.put("Dense", "dense");
    layers.put("Flatten", "flatten");
    layers.put("Dropout", "dropout");
    layers.put("Reshape", "reshape");
    layers.put(ACTIVATE, null); // the activation named by value
    layers.put("BatchNorm", "batchnorm");
    layers.put("LayerNorm", "layernorm");
    layers.put("Conv1d", "conv1d");
    layers.put("Conv2d", "conv2d");
    layers.put("ConvTranspose2d", "conv_transpose2d");
    layers.put("MaxPool", "maxpool");
    layers.put("AvgPool", "avgpool");
    layers.put("GlobalMaxPool", "global_maxpool");
    layers.put("GlobalAvgPool", "global_avgpool");
    layers.put("Embedding", "embedding");
    layers.put("Rnn", "rnn");
    layers.put("Lstm", "lstm");
    layers.put("Gru", "gru");
    layers.put("TimeDense", "time_dense");
    layers.put("MultiHeadAttention", "multi_head_attention");
    layers.put("PositionalEmbedding", "positional_embedding");
    layers.put("Slice", "slice");
    layers.put("Mean", "mean");
    layers.put("Max", "max");
    layers.put("Upsample", "upsample");
    layers.put("Add", "add");
    layers.put("Sub", "sub");
    layers.put("Mul", "mul");
    layers.put("Concat", "concat");
    LAYERS = Collections.unmodifiableMap(layers);

    Map<String, String> losses = new LinkedHashMap<>();
    losses.put("Mse", "mse");
    losses.put("L1", "l1");
    losses.put("Huber", "huber");
    losses.put("SoftmaxCrossEntropy", "softmax_cross_entropy");
    losses.put("BinaryCrossEntropyWithLogits", "binary_cross_entropy_with_logits");
    losses.put("KlDivergence", "kl_divergence");
    LOSSES = Collections.unmodifiableMap(losses);
  }

  /** Every annotation read on a method (layers and losses), by simple name. */
  static Map<String, String> methodAnnotations() {
    Map<String, String> all = new LinkedHashMap<>(LAYERS);
    all.putAll(LOSSES);
    return Collections.unmodifiableMap(all);
  }

  /** The .net argument of {@code element} of annotation {@code annotation}. */
  static String argument(String annotation, String element) {
    String renamed = RENAMED.get(annotation + "." + element);
    if (renamed == null) {
      renamed = RENAMED.get(element);
    }
    return renamed != null ? renamed : snakeCase(element);
  }

  /** {@code weightDecay} as a .net file spells it: {@code weight_decay}. */
  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code weight_decay} as an annotation element: {@code weightDecay}. */
  static String camelCase(String name) {
    return Names.camel(name);
  }

  /** The annotation that stands for {@code op} (such as {@code Conv2d} for conv2d), or null. */
  static String annotationOf(String op) {
    for (Map.Entry<String, String> e : LAYERS.entrySet()) {
      if (op.equals(e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }
}
