package dev.netc.codegen.draw;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layered (Sugiyama-style) layout of a graph, top to bottom: each layer at its longest-path
 * depth from the inputs, losses one layer below their outputs, an edge spanning several layers
 * split into passages, then {@link Ordering} (fewer crossings), {@link Placement} (horizontal
 * positions) and the rows' vertical positions.
 */
final class LayeredLayout {

  /**
   * One edge as drawn: from the box of {@code slots.get(0)} through passages to the box of the
   * last slot.
   *
   * @param loss whether the edge leads from an output to its loss
   */
  record Route(Box from, Box to, boolean loss, List<Slot> slots) {}

  final List<List<Slot>> layers = new ArrayList<>();
  final List<Slot> boxes = new ArrayList<>();
  final List<Route> routes = new ArrayList<>();
  /** Top of each layer's row, and its height (the tallest box in it). */
  double[] rowTop;
  double[] rowHeight;
  double width;
  double height;

  private LayeredLayout() {}

  static LayeredLayout of(Graph graph, Map<Node, Box> nodeBoxes, Map<Output, Box> lossBoxes) {
    LayeredLayout layout = new LayeredLayout();
    layout.build(graph, nodeBoxes, lossBoxes);
    Ordering.reduceCrossings(layout.layers);
    Placement.place(layout.layers, layout.passageRuns());
    layout.placeRows();
    return layout;
  }

  private void build(Graph graph, Map<Node, Box> nodeBoxes, Map<Output, Box> lossBoxes) {
    // nodes hash their whole input chain: identity maps only
    Map<Node, Slot> slotOf = new IdentityHashMap<>();
    for (Node node : graph.nodes()) {
      int layer = 0;
      for (Node in : node.inputs()) {
        layer = Math.max(layer, slotOf.get(in).layer + 1);
      }
      slotOf.put(node, addBox(layer, nodeBoxes.get(node)));
    }
    for (Node node : graph.nodes()) {
      for (Node in : node.inputs()) {
        route(slotOf.get(in), slotOf.get(node), false);
      }
    }
    for (Output output : graph.outputs()) {
      Slot from = slotOf.get(output.node());
      route(from, addBox(from.layer + 1, lossBoxes.get(output)), true);
    }
  }

  private Slot addBox(int layer, Box box) {
    Slot slot = new Slot(layer, Style.boxWidth(longest(box.lines())), Style.boxHeight(box.lines().size()), box);
    layer(layer).add(slot);
    boxes.add(slot);
    return slot;
  }

  private void route(Slot from, Slot to, boolean loss) {
    List<Slot> slots = new ArrayList<>();
    slots.add(from);
    for (int layer = from.layer + 1; layer < to.layer; layer++) {
      Slot passage = new Slot(layer, Style.PASSAGE_WIDTH, 0, null);
      layer(layer).add(passage);
      slots.add(passage);
    }
    slots.add(to);
    for (int i = 0; i + 1 < slots.size(); i++) {
      slots.get(i).down.add(slots.get(i + 1));
      slots.get(i + 1).up.add(slots.get(i));
    }
    routes.add(new Route(from.box, to.box, loss, List.copyOf(slots)));
  }

  /** The passages of each edge that spans more than two layers, top to bottom. */
  private List<List<Slot>> passageRuns() {
    List<List<Slot>> runs = new ArrayList<>();
    for (Route r : routes) {
      if (r.slots().size() > 2) {
        runs.add(r.slots().subList(1, r.slots().size() - 1));
      }
    }
    return runs;
  }

  private List<Slot> layer(int index) {
    while (layers.size() <= index) {
      layers.add(new ArrayList<>());
    }
    return layers.get(index);
  }

  private static int longest(List<String> lines) {
    int n = 0;
    for (String line : lines) {
      n = Math.max(n, line.codePointCount(0, line.length()));
    }
    return Math.min(n, Style.MAX_LINE_CHARS); // longer lines are shortened when drawn
  }

  /** Rows top to bottom below the title; width and height of the whole drawing. */
  private void placeRows() {
    int n = layers.size();
    rowTop = new double[n];
    rowHeight = new double[n];
    double y = Style.MARGIN + Style.TITLE_HEIGHT;
    double right = 0;
    for (int i = 0; i < n; i++) {
      double h = 0;
      for (Slot s : layers.get(i)) {
        h = Math.max(h, s.height);
        right = Math.max(right, s.right());
      }
      rowTop[i] = y;
      rowHeight[i] = h;
      y += h + Style.LAYER_GAP;
    }
    width = right + Style.MARGIN;
    height = y - Style.LAYER_GAP + Style.MARGIN;
  }

  /** Top of the box in {@code slot} (boxes hang from their row's top). */
  double top(Slot slot) {
    return rowTop[slot.layer];
  }

  double rowBottom(int layer) {
    return rowTop[layer] + rowHeight[layer];
  }
}
