package dev.netc.codegen.draw;

import dev.netc.codegen.draw.LayeredLayout.Route;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.plan.KernelDecision;
import dev.netc.codegen.plan.KernelPlan;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drawing of a network as a standalone SVG image: one box per layer (its name, its op with the
 * arguments that define it, such as {@code conv2d 32 3x3}, and its output shape), one arrow per
 * edge, one box per loss under its output. Layers are laid out top to bottom in layers of equal
 * depth from the inputs, ordered to reduce crossings; merges ({@code add}, {@code concat}) show
 * one arrow per input; edges that skip layers run between the boxes of the layers they pass.
 *
 * <p>The output depends on the graph alone (the same graph gives the same bytes), needs no font
 * or style sheet from outside, and escapes all text. Boxes carry {@code class="node"} (losses
 * {@code class="loss"}) and {@code data-name}; edges are {@code path} elements with {@code
 * class="edge"} (to a loss {@code class="loss-edge"}) and {@code data-from}/{@code data-to} naming
 * their boxes' ids, so tools and tests can read the drawing back.
 */
public final class NetworkDrawing {
  private NetworkDrawing() {}

  /**
   * Draws {@code graph}.
   *
   * @param graph a checked network
   * @return the SVG document, UTF-8 text beginning with the XML declaration
   */
  public static String toSvg(Graph graph) {
    return toSvg(graph, null);
  }

  /**
   * Draws {@code graph} with the kernel {@code kernels} chose for each layer that has a matrix
   * product ({@code kernel im2col}, {@code kernel unrolled}) as a fourth line of its box, and the
   * reason in its tooltip.
   *
   * @param graph a checked network
   * @param kernels the cost model's plan for {@code graph} ({@code CostModel.plan}), or null for none
   * @return the SVG document, UTF-8 text beginning with the XML declaration
   */
  public static String toSvg(Graph graph, KernelPlan kernels) {
    java.util.Objects.requireNonNull(graph, "graph");
    Map<Node, Box> nodeBoxes = new IdentityHashMap<>();
    for (Node node : graph.nodes()) {
      nodeBoxes.put(node, nodeBox(graph, node, kernels == null ? null : kernels.decisionOf(node)));
    }
    Map<Output, Box> lossBoxes = new IdentityHashMap<>();
    for (int k = 0; k < graph.outputs().size(); k++) {
      Output output = graph.outputs().get(k);
      lossBoxes.put(output, lossBox(output, k, graph.outputs().size()));
    }
    LayeredLayout layout = LayeredLayout.of(graph, nodeBoxes, lossBoxes);
    return render(graph, layout);
  }

  private static Box nodeBox(Graph graph, Node node, KernelDecision kernel) {
    boolean output = graph.outputs().stream().anyMatch(o -> o.node() == node);
    String op = Labels.op(node);
    String shape = Labels.shape(node);
    long params = Labels.parameters(node);
    List<String> lines = new ArrayList<>(List.of(node.name(), op, shape));
    String tooltip = node.name() + " = " + op + " -> " + shape
        + (params > 0 ? ", " + Labels.count(params) + " parameters" : "")
        + (output ? ", network output" : "");
    if (kernel != null) {
      lines.add("kernel " + kernel.kernel().label());
      tooltip += "; kernel " + kernel.kernel().label() + ": " + kernel.reason();
    }
    return new Box("node-" + node.name(), kind(node), node.name(), List.copyOf(lines), tooltip, output);
  }

  private static Box.Kind kind(Node node) {
    if (node.isInput()) {
      return Box.Kind.INPUT;
    }
    if (node.op().isMerge()) {
      return Box.Kind.MERGE;
    }
    if (node.isView()) {
      return Box.Kind.VIEW;
    }
    return node.params().isEmpty() ? Box.Kind.STATELESS : Box.Kind.LAYER;
  }

  private static Box lossBox(Output output, int index, int outputs) {
    List<String> lines = new ArrayList<>();
    lines.add("loss");
    lines.add(Labels.loss(output));
    String weight = Labels.weight(output, outputs);
    if (weight != null) {
      lines.add(weight);
    }
    String tooltip = "loss on " + output.node().name() + ": " + String.join(", ", lines.subList(1, lines.size()));
    return new Box("loss-" + index, Box.Kind.LOSS, output.node().name(), lines, tooltip, false);
  }

  private static String render(Graph graph, LayeredLayout layout) {
    StringBuilder svg = new StringBuilder(4096);
    String title = title(graph);
    // the title is one line of 14px bold text: never cut by a narrow network
    double titleWidth = 2 * Style.MARGIN + Math.ceil(title.length() * Style.TITLE_FONT_SIZE * 0.62);
    String w = EdgePaths.num(Math.max(layout.width, titleWidth));
    String h = EdgePaths.num(layout.height);
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
        .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\" aria-label=\"")
        .append(Xml.escape(title)).append("\" font-family=\"").append(Xml.escape(Style.FONT))
        .append("\" font-size=\"").append(EdgePaths.num(Style.FONT_SIZE)).append("\">\n")
        .append("  <title>").append(Xml.escape(title)).append("</title>\n")
        .append("  <defs>\n")
        .append("    <marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\"")
        .append(" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#374151\"/></marker>\n")
        .append("  </defs>\n")
        .append("  <rect class=\"background\" x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(h)
        .append("\" fill=\"#ffffff\"/>\n")
        .append("  <text class=\"title\" x=\"").append(EdgePaths.num(Style.MARGIN)).append("\" y=\"")
        .append(EdgePaths.num(Style.MARGIN + Style.TITLE_FONT_SIZE)).append("\" font-size=\"")
        .append(EdgePaths.num(Style.TITLE_FONT_SIZE)).append("\" font-weight=\"bold\" fill=\"#111827\">")
        .append(Xml.escape(title)).append("</text>\n");
    edges(svg, layout);
    for (Slot slot : layout.boxes) {
      box(svg, layout, slot);
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String title(Graph graph) {
    long layers = graph.nodes().stream().filter(n -> !n.isInput()).count();
    long params = graph.nodes().stream().mapToLong(Labels::parameters).sum();
    return graph.name() + " \u2014 " + layers + (layers == 1 ? " layer, " : " layers, ")
        + Labels.count(params) + " parameters";
  }

  private static void edges(StringBuilder svg, LayeredLayout layout) {
    List<String> paths = EdgePaths.of(layout);
    svg.append("  <g class=\"edges\" fill=\"none\" stroke=\"#374151\" stroke-width=\"1.4\">\n");
    for (int i = 0; i < paths.size(); i++) {
      Route r = layout.routes.get(i);
      svg.append("    <path class=\"").append(r.loss() ? "loss-edge" : "edge").append("\" data-from=\"")
          .append(Xml.escape(r.from().id())).append("\" data-to=\"").append(Xml.escape(r.to().id()))
          .append("\" d=\"").append(paths.get(i)).append('"')
          .append(r.loss() ? " stroke-dasharray=\"4 3\"" : "").append(" marker-end=\"url(#arrow)\"/>\n");
    }
    svg.append("  </g>\n");
  }

  private static void box(StringBuilder svg, LayeredLayout layout, Slot slot) {
    Box box = slot.box;
    double top = layout.top(slot);
    boolean loss = box.kind() == Box.Kind.LOSS;
    svg.append("  <g class=\"").append(loss ? "loss" : "node").append("\" id=\"").append(Xml.escape(box.id()))
        .append("\" data-name=\"").append(Xml.escape(box.name())).append("\">\n")
        .append("    <title>").append(Xml.escape(box.tooltip())).append("</title>\n")
        .append("    <rect x=\"").append(EdgePaths.num(slot.left())).append("\" y=\"").append(EdgePaths.num(top))
        .append("\" width=\"").append(EdgePaths.num(slot.width)).append("\" height=\"")
        .append(EdgePaths.num(slot.height)).append("\" rx=\"").append(loss ? "14" : "5")
        .append("\" fill=\"").append(box.kind().fill).append("\" stroke=\"").append(box.kind().stroke)
        .append("\" stroke-width=\"").append(box.output() ? "2.5" : "1.2").append('"')
        .append(box.kind() == Box.Kind.VIEW ? " stroke-dasharray=\"5 3\"" : "").append("/>\n");
    for (int k = 0; k < box.lines().size(); k++) {
      double baseline = top + Style.PADDING_Y + (k + 1) * Style.LINE_HEIGHT - 4;
      svg.append("    <text x=\"").append(EdgePaths.num(slot.x)).append("\" y=\"").append(EdgePaths.num(baseline))
          .append("\" text-anchor=\"middle\"")
          .append(k == 0 ? " font-weight=\"bold\" fill=\"#111827\"" : " fill=\"#374151\"").append('>')
          .append(Xml.escape(shorten(box.lines().get(k)))).append("</text>\n");
    }
    svg.append("  </g>\n");
  }

  /** A line cut to the box's maximum with an ellipsis (the tooltip has it whole). */
  static String shorten(String line) {
    if (line.codePointCount(0, line.length()) <= Style.MAX_LINE_CHARS) {
      return line;
    }
    int end = line.offsetByCodePoints(0, Style.MAX_LINE_CHARS - 1);
    return line.substring(0, end) + "\u2026";
  }
}
