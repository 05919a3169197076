package dev.netc.codegen.draw;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Crossing reduction by the barycenter heuristic: sweeping down, each layer is sorted by the mean
 * position of its neighbours above; sweeping up, by those below. The best order seen (fewest
 * crossings) is kept. Sorting is stable and starts from the graph's own order, so the result
 * depends on the graph alone.
 */
final class Ordering {
  private Ordering() {}

  private static final int SWEEPS = 12;

  static void reduceCrossings(List<List<Slot>> layers) {
    number(layers);
    int best = crossings(layers);
    List<List<Slot>> bestOrder = copy(layers);
    for (int sweep = 0; sweep < SWEEPS && best > 0; sweep++) {
      boolean downward = sweep % 2 == 0;
      if (downward) {
        for (int i = 1; i < layers.size(); i++) {
          sortByBarycenter(layers.get(i), true);
        }
      } else {
        for (int i = layers.size() - 2; i >= 0; i--) {
          sortByBarycenter(layers.get(i), false);
        }
      }
      int c = crossings(layers);
      if (c < best) {
        best = c;
        bestOrder = copy(layers);
      }
    }
    for (int i = 0; i < layers.size(); i++) {
      layers.set(i, bestOrder.get(i));
    }
    number(layers);
  }

  private static void sortByBarycenter(List<Slot> layer, boolean byAbove) {
    double[] key = new double[layer.size()];
    for (Slot s : layer) {
      List<Slot> neighbours = byAbove ? s.up : s.down;
      double sum = 0;
      for (Slot n : neighbours) {
        sum += n.order;
      }
      // a slot without neighbours on that side keeps its place
      key[s.order] = neighbours.isEmpty() ? s.order : sum / neighbours.size();
    }
    List<Slot> sorted = new ArrayList<>(layer);
    sorted.sort(Comparator.comparingDouble(s -> key[s.order]));
    layer.clear();
    layer.addAll(sorted);
    for (int i = 0; i < layer.size(); i++) {
      layer.get(i).order = i;
    }
  }

  /** Pairs of edges that cross between adjacent layers. */
  static int crossings(List<List<Slot>> layers) {
    int total = 0;
    for (int i = 0; i + 1 < layers.size(); i++) {
      List<int[]> edges = new ArrayList<>();
      for (Slot s : layers.get(i)) {
        for (Slot d : s.down) {
          edges.add(new int[] {s.order, d.order});
        }
      }
      for (int a = 0; a < edges.size(); a++) {
        for (int b = a + 1; b < edges.size(); b++) {
          int[] e = edges.get(a);
          int[] f = edges.get(b);
          if ((e[0] - f[0]) * (long) (e[1] - f[1]) < 0) {
            total++;
          }
        }
      }
    }
    return total;
  }

  private static void number(List<List<Slot>> layers) {
    for (List<Slot> layer : layers) {
      for (int i = 0; i < layer.size(); i++) {
        layer.get(i).order = i;
      }
    }
  }

  private static List<List<Slot>> copy(List<List<Slot>> layers) {
    List<List<Slot>> copy = new ArrayList<>();
    for (List<Slot> layer : layers) {
      copy.add(new ArrayList<>(layer));
    }
    return copy;
  }
}
