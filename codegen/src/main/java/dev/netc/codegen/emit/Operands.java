package dev.netc.codegen.emit;

import com.squareup.javapoet.CodeBlock;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * How the generated passes name what a layer reads and writes: its value and gradient buffers
 * ({@code buf[OUT_HIDDEN]}, or {@code in} and {@code gin} for the network input), its extra
 * buffers, and its per-layer methods.
 */
final class Operands {
  private final Layout layout;

  Operands(Layout layout) {
    this.layout = layout;
  }

  /** The node's value: {@code buf[OUT_...]}, or {@code in} for the network input. */
  CodeBlock value(Node node) {
    String b = layout.valueBuffer(node);
    return b == null ? CodeBlock.of("in") : CodeBlock.of("buf[$L]", b);
  }

  /** The node's gradient: {@code buf[GRAD_...]}, or {@code gin} for the network input. */
  CodeBlock grad(Node node) {
    String b = layout.gradBuffer(node);
    return b == null ? CodeBlock.of("gin") : CodeBlock.of("buf[$L]", b);
  }

  /**
   * Where a layer writes the gradient of {@code node}: its buffer, or for a network input one that
   * is null unless the caller asked for input gradients ({@code gin}, or with several inputs the
   * input's own buffer under {@code inputGradient}).
   */
  CodeBlock gradWrite(Node node) {
    if (node.isInput() && layout.gradBuffer(node) != null) {
      return CodeBlock.of("inputGradient ? buf[$L] : null", layout.gradBuffer(node));
    }
    return grad(node);
  }

  /** The constants of the node's extra buffers (dropout's mask, ...), in the op's order. */
  List<String> extras(Node node) {
    return List.copyOf(layout.extraBuffers.getOrDefault(node, Map.of()).values());
  }

  /** The constant of the node's extra buffer the op calls {@code name}. */
  String extraConstant(Node node, String name) {
    return layout.extraBuffers.get(node).get(name);
  }

  /** The op's name for the extra buffer {@code constant}, the parameter name in the layer methods. */
  String extraName(Node node, String constant) {
    return layout.extraBuffers.get(node).entrySet().stream()
        .filter(e -> e.getValue().equals(constant)).findFirst().orElseThrow().getKey();
  }

  static String forwardName(Node node) {
    return Names.camel(node.name()) + "Forward";
  }

  static String backwardName(Node node) {
    return Names.camel(node.name()) + "Backward";
  }
}
