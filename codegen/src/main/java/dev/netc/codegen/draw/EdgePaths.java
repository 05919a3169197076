package dev.netc.codegen.draw;

import dev.netc.codegen.draw.LayeredLayout.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SVG path of each edge. An edge leaves its box's bottom edge and enters the next box's top
 * edge at a port of its own (the ports of a box are spread over its width in the order of the
 * edges' other ends, so edges into a merge do not cross at the box); inside a row it runs
 * straight down (through a passage, which no box overlaps); it bends only in the gaps between
 * rows, with a cubic curve whose control points stay inside the gap. So no edge crosses a box.
 */
final class EdgePaths {
  private EdgePaths() {}

  /** One path per route, in route order. */
  static List<String> of(LayeredLayout layout) {
    Map<Route, Double> start = new IdentityHashMap<>();
    Map<Route, Double> end = new IdentityHashMap<>();
    Map<Slot, List<Route>> leaving = new IdentityHashMap<>();
    Map<Slot, List<Route>> entering = new IdentityHashMap<>();
    for (Route r : layout.routes) {
      leaving.computeIfAbsent(r.slots().get(0), s -> new ArrayList<>()).add(r);
      entering.computeIfAbsent(r.slots().get(r.slots().size() - 1), s -> new ArrayList<>()).add(r);
    }
    for (Slot box : layout.boxes) {
      spread(box, leaving.getOrDefault(box, List.of()), r -> r.slots().get(1).x, start);
      spread(box, entering.getOrDefault(box, List.of()), r -> r.slots().get(r.slots().size() - 2).x, end);
    }
    List<String> paths = new ArrayList<>();
    for (Route r : layout.routes) {
      paths.add(path(layout, r, start.get(r), end.get(r)));
    }
    return paths;
  }

  /** Ports across the box's width, ordered by where each edge's other end lies (stable on ties). */
  private static void spread(Slot box, List<Route> routes, java.util.function.ToDoubleFunction<Route> otherEnd,
      Map<Route, Double> ports) {
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingDouble(otherEnd));
    int n = sorted.size();
    // ports stay clear of the rounded corners and of each other
    double usable = Math.min(box.width - 24, 18.0 * (n - 1));
    for (int i = 0; i < n; i++) {
      double x = n == 1 ? box.x : box.x - usable / 2 + usable * i / (n - 1);
      ports.put(sorted.get(i), x);
    }
  }

  private static String path(LayeredLayout layout, Route r, double startX, double endX) {
    List<Slot> slots = r.slots();
    Slot first = slots.get(0);
    StringBuilder d = new StringBuilder();
    double x = startX;
    double y = layout.top(first) + first.height;
    d.append("M").append(num(x)).append(',').append(num(y));
    double bottom = layout.rowBottom(first.layer);
    if (bottom > y) {
      d.append(" V").append(num(bottom));
    }
    for (int i = 1; i < slots.size(); i++) {
      Slot next = slots.get(i);
      boolean last = i == slots.size() - 1;
      double nx = last ? endX : next.x;
      double fromY = layout.rowBottom(next.layer - 1);
      double toY = layout.rowTop[next.layer];
      if (nx == x) {
        d.append(" V").append(num(toY));
      } else {
        double mid = (fromY + toY) / 2;
        d.append(" C").append(num(x)).append(',').append(num(mid)).append(' ')
            .append(num(nx)).append(',').append(num(mid)).append(' ')
            .append(num(nx)).append(',').append(num(toY));
      }
      x = nx;
      if (!last) {
        d.append(" V").append(num(layout.rowBottom(next.layer)));
      }
    }
    return d.toString();
  }

  /** A coordinate with at most one decimal, the same text on every platform. */
  static String num(double v) {
    String s = String.format(java.util.Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s.equals("-0") ? "0" : s;
  }
}
