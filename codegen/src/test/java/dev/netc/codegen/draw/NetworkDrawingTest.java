package dev.netc.codegen.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.plan.CostModel;
import dev.netc.codegen.plan.KernelDecision;
import dev.netc.codegen.plan.KernelPlan;
import dev.netc.codegen.plan.KernelPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Drawings of real networks read back as XML: one box per layer with its name, op and shape, one
 * arrow per edge from box to box, no overlapping boxes, no edge through a box, the same bytes for
 * the same graph.
 */
class NetworkDrawingTest {

  @Test
  void chainMlpHasABoxPerLayerInOneStraightColumn() throws Exception {
    Graph graph = NetFiles.sample("FashionMlp");
    SvgDrawing svg = check(graph);
    assertEquals("dense 256 relu", box(svg, graph.nodes().get(2)).lines().get(1));
    assertEquals("dropout 0.2", svg.boxes.values().stream().filter(b -> b.lines().get(1).startsWith("dropout"))
        .findFirst().orElseThrow().lines().get(1));
    // a chain is a column: every box centred on the same x, each below the one before
    double centre = centre(box(svg, graph.nodes().get(0)));
    double previousTop = -1;
    for (Node node : graph.nodes()) {
      SvgDrawing.Box b = box(svg, node);
      assertEquals(centre, centre(b), 0.51, node.name());
      assertTrue(b.rect().y() > previousTop, node.name() + " is below its input");
      previousTop = b.rect().y();
    }
  }

  @Test
  void cnnShowsFiltersKernelsAndShapes() throws Exception {
    Graph graph = NetFiles.sample("FashionCnn");
    SvgDrawing svg = check(graph);
    Node conv = graph.nodes().get(1);
    assertEquals(List.of(conv.name(), "conv2d 32 3x3 relu", "[32, 26, 26]"), box(svg, conv).lines());
    assertEquals(List.of("image", "input float", "[1, 28, 28]"), box(svg, graph.nodes().get(0)).lines());
    assertEquals("maxpool 2x2", box(svg, graph.nodes().get(2)).lines().get(1));
    SvgDrawing.Box loss = svg.boxes.get("loss-0");
    assertEquals(List.of("loss", "softmax_cross_entropy"), loss.lines());
  }

  @Test
  void residualNetworkJoinsMergesAndRoutesSkipsAroundBoxes() throws Exception {
    Graph graph = NetFiles.sample("FashionResnet");
    SvgDrawing svg = check(graph);
    List<Node> adds = graph.nodes().stream().filter(n -> n.opName().equals("add")).toList();
    assertEquals(3, adds.size());
    for (Node add : adds) {
      List<SvgDrawing.Edge> in = svg.edges.stream().filter(e -> e.to().equals("node-" + add.name())).toList();
      assertEquals(2, in.size(), add.name() + " joins two arrows");
      assertTrue(Math.abs(in.get(0).end()[0] - in.get(1).end()[0]) >= 8, "the two arrows enter apart");
    }
    assertTrue(box(svg, graph.nodes().get(1)).lines().get(1).startsWith("conv2d 32 3x3 padding same no bias"),
        box(svg, graph.nodes().get(1)).lines().get(1));
    // the identity shortcuts skip the branch's five layers: long edges, none through a box (check())
    long skips = svg.edges("edge").stream().filter(e -> e.end()[1] - e.start()[1] > 3 * Style.LAYER_GAP).count();
    assertTrue(skips >= 3, "skip connections drawn: " + skips);
  }

  @Test
  void twoInputsAndTwoOutputsEachGetTheirBoxesAndLosses() throws Exception {
    Graph graph = NetFiles.sample("ImageAndMeta");
    SvgDrawing svg = check(graph);
    assertEquals(2, graph.inputs().size());
    for (Node input : graph.inputs()) {
      assertTrue(box(svg, input).lines().get(1).startsWith("input"));
    }
    List<SvgDrawing.Box> losses = svg.boxes("loss");
    assertEquals(2, losses.size());
    assertEquals(List.of("loss", "softmax_cross_entropy", "weight 1"), svg.boxes.get("loss-0").lines());
    assertEquals(List.of("loss", "mse", "weight 0.1"), svg.boxes.get("loss-1").lines());
    Node concat = graph.nodes().stream().filter(n -> n.opName().equals("concat")).findFirst().orElseThrow();
    assertEquals(2, svg.edges.stream().filter(e -> e.to().equals("node-" + concat.name())).count());
    assertEquals(2, svg.edges.stream().filter(e -> e.from().equals("node-" + concat.name())).count());
  }

  @Test
  void transformerBlocksFromTheLibraryAreDrawnLayerByLayer() throws Exception {
    Graph graph = NetFiles.sample("CharTransformer");
    SvgDrawing svg = check(graph);
    assertTrue(svg.boxes.values().stream().anyMatch(b -> b.lines().get(1).equals("multi_head_attention 4 causal")),
        () -> svg.boxes.values().stream().map(b -> b.lines().get(1)).toList().toString());
    assertEquals("input int", box(svg, graph.inputs().get(0)).lines().get(1));
  }

  @Test
  void kernelPlanAddsEachLayersKernel() throws Exception {
    Graph graph = NetFiles.sample("FashionCnn");
    KernelPlan plan = CostModel.plan(graph, KernelPolicy.AUTO);
    SvgDrawing svg = new SvgDrawing(NetworkDrawing.toSvg(graph, plan));
    int planned = 0;
    for (Node node : graph.nodes()) {
      List<String> lines = box(svg, node).lines();
      KernelDecision d = plan.decisionOf(node);
      if (d == null) {
        assertEquals(3, lines.size(), node.name());
      } else {
        planned++;
        assertEquals("kernel " + d.kernel().label(), lines.get(3), node.name());
        assertTrue(box(svg, node).tooltip().contains(d.reason()), box(svg, node).tooltip());
      }
    }
    assertEquals(4, planned, "two conv2d and two dense layers");
    assertEquals("kernel direct", box(svg, graph.nodes().get(1)).lines().get(3));
  }

  @Test
  void anyTextIsEscaped() throws Exception {
    Graph g = NetFiles.sample("FashionMlp");
    String name = "A<b>&\"c\" 'd' \u0007";
    Graph odd = new Graph(name, g.nodes(), g.outputs(), g.optimizer(), g.optimizerArgs(), g.batchSize(), g.epochs(),
        g.seed(), g.pos());
    SvgDrawing svg = check(odd);
    String title = svg.root.getElementsByTagNameNS(SvgDrawing.SVG_NS, "title").item(0).getTextContent();
    assertTrue(title.startsWith("A<b>&\"c\" 'd' \uFFFD \u2014 "), title);
  }

  @Test
  void sameGraphGivesTheSameBytes() {
    Graph first = NetFiles.sample("FashionResnet");
    Graph second = NetFiles.sample("FashionResnet");
    String svg = NetworkDrawing.toSvg(first);
    assertEquals(svg, NetworkDrawing.toSvg(first));
    assertEquals(svg, NetworkDrawing.toSvg(second));
  }

  @Test
  void longChainsStayReadable() throws Exception {
    StringBuilder net = new StringBuilder("network Deep {\n  input x: float[8];\n");
    for (int i = 0; i < 150; i++) {
      net.append("  dense(8, activation: tanh);\n");
    }
    net.append("  loss mse;\n}\n");
    Graph graph = NetFiles.graph(net.toString());
    SvgDrawing svg = check(graph);
    double width = Double.parseDouble(svg.root.getAttribute("width"));
    assertTrue(width < 400, "a chain stays one column wide: " + width);
  }

  /**
   * The checks every drawing must pass: a standalone SVG, a box per node with its name and shape,
   * a path per edge from the bottom of its source's box to the top of its target's, no
   * overlapping boxes, no edge through a box.
   */
  static SvgDrawing check(Graph graph) throws Exception {
    String text = NetworkDrawing.toSvg(graph);
    SvgDrawing svg = new SvgDrawing(text);
    assertEquals("svg", svg.root.getLocalName());
    assertEquals(SvgDrawing.SVG_NS, svg.root.getNamespaceURI());
    String[] viewBox = svg.root.getAttribute("viewBox").split(" ");
    assertEquals(4, viewBox.length);
    assertFalse(text.contains("href"), "nothing external");
    assertFalse(text.contains("@import"), "nothing external");

    assertEquals(graph.nodes().size(), svg.boxes("node").size());
    for (Node node : graph.nodes()) {
      SvgDrawing.Box b = box(svg, node);
      assertEquals(node.name(), b.lines().get(0));
      assertEquals(NetworkDrawing.shorten(Labels.op(node)), b.lines().get(1));
      assertEquals(node.shape().toString(), b.lines().get(2));
      assertTrue(b.tooltip().startsWith(node.name() + " = "), b.tooltip());
    }
    assertEquals(graph.outputs().size(), svg.boxes("loss").size());

    Map<String, Integer> expected = new HashMap<>();
    for (Node node : graph.nodes()) {
      for (Node in : node.inputs()) {
        expected.merge("node-" + in.name() + " -> node-" + node.name(), 1, Integer::sum);
      }
    }
    for (int k = 0; k < graph.outputs().size(); k++) {
      Output o = graph.outputs().get(k);
      expected.merge("node-" + o.node().name() + " -> loss-" + k, 1, Integer::sum);
    }
    Map<String, Integer> drawn = new HashMap<>();
    for (SvgDrawing.Edge e : svg.edges) {
      drawn.merge(e.from() + " -> " + e.to(), 1, Integer::sum);
      SvgDrawing.Rect from = svg.boxes.get(e.from()).rect();
      SvgDrawing.Rect to = svg.boxes.get(e.to()).rect();
      double[] s = e.start();
      double[] t = e.end();
      assertEquals(from.y() + from.h(), s[1], 0.01, e + " starts at its source's bottom");
      assertTrue(s[0] > from.x() && s[0] < from.x() + from.w(), e.from() + " -> " + e.to() + " starts on its box");
      assertEquals(to.y(), t[1], 0.01, e.from() + " -> " + e.to() + " ends at its target's top");
      assertTrue(t[0] > to.x() && t[0] < to.x() + to.w(), e.from() + " -> " + e.to() + " ends on its box");
      double top = Math.min(s[1], t[1]);
      double bottom = Math.max(s[1], t[1]);
      for (double[] p : e.points()) {
        assertTrue(p[1] >= top - 0.01 && p[1] <= bottom + 0.01, e.from() + " -> " + e.to() + " leaves its rows");
      }
      for (SvgDrawing.Box b : svg.boxes.values()) {
        if (b.rect().y() + b.rect().h() < top || b.rect().y() > bottom) {
          continue; // no point of the edge is at this box's height (checked above)
        }
        for (double[] p : e.points()) {
          assertFalse(b.rect().containsStrictly(p[0], p[1], 0.5),
              e.from() + " -> " + e.to() + " passes through " + b.id() + " at " + p[0] + "," + p[1]);
        }
      }
    }
    assertEquals(expected, drawn);

    List<SvgDrawing.Box> all = new ArrayList<>(svg.boxes.values());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        assertFalse(all.get(i).rect().overlaps(all.get(j).rect()), all.get(i).id() + " overlaps " + all.get(j).id());
      }
    }
    double w = Double.parseDouble(viewBox[2]);
    double h = Double.parseDouble(viewBox[3]);
    Element title = (Element) svg.root.getElementsByTagNameNS(SvgDrawing.SVG_NS, "text").item(0);
    assertEquals("title", title.getAttribute("class"));
    double titleWidth = title.getTextContent().length() * Double.parseDouble(title.getAttribute("font-size")) * 0.6;
    assertTrue(Double.parseDouble(title.getAttribute("x")) + titleWidth <= w, "the title fits: " + title.getTextContent());
    for (SvgDrawing.Box b : all) {
      assertTrue(b.rect().x() >= 0 && b.rect().x() + b.rect().w() <= w, b.id() + " inside the view box");
      assertTrue(b.rect().y() >= 0 && b.rect().y() + b.rect().h() <= h, b.id() + " inside the view box");
    }
    return svg;
  }

  private static SvgDrawing.Box box(SvgDrawing svg, Node node) {
    SvgDrawing.Box b = svg.boxes.get("node-" + node.name());
    if (b == null) {
      throw new AssertionError("no box for " + node.name() + " in " + svg.boxes.keySet());
    }
    return b;
  }

  private static double centre(SvgDrawing.Box b) {
    return b.rect().x() + b.rect().w() / 2;
  }
}
