package dev.netc.codegen.draw;

import java.util.List;

/**
 * Horizontal positions that keep each layer's order and spacing and put every slot as close as
 * possible to the mean position of its neighbours (a chain becomes a straight column, a long
 * edge a straight line). Each layer is one least-squares problem under ordering constraints,
 * solved exactly by pooling adjacent violators; sweeps alternate between aligning with the layer
 * above and the layer below.
 */
final class Placement {
  private Placement() {}

  private static final int ROUNDS = 8;

  static void place(List<List<Slot>> layers, List<List<Slot>> passageRuns) {
    for (List<Slot> layer : layers) {
      double[] offset = offsets(layer);
      for (int i = 0; i < layer.size(); i++) {
        layer.get(i).x = offset[i];
      }
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 1; i < layers.size(); i++) {
        align(layers.get(i), Side.ABOVE);
      }
      for (int i = layers.size() - 2; i >= 0; i--) {
        align(layers.get(i), Side.BELOW);
      }
    }
    for (List<Slot> layer : layers) {
      align(layer, Side.BOTH);
    }
    for (List<Slot> run : passageRuns) {
      straighten(run, layers);
    }
    shiftToMargin(layers);
  }

  /**
   * Lines up the passages of one long edge on one vertical line where the slots beside them leave
   * room: at the rightmost passage's x, else at the leftmost's. A skip connection then reads as
   * one straight line instead of a column of small jogs.
   */
  private static void straighten(List<Slot> run, List<List<Slot>> layers) {
    double right = Double.NEGATIVE_INFINITY;
    double left = Double.POSITIVE_INFINITY;
    for (Slot s : run) {
      right = Math.max(right, s.x);
      left = Math.min(left, s.x);
    }
    for (double x : new double[] {right, left}) {
      if (run.stream().allMatch(s -> fits(s, x, layers.get(s.layer)))) {
        for (Slot s : run) {
          s.x = x;
        }
        return;
      }
    }
  }

  /** Whether {@code s} can stand at {@code x} between its neighbours in the layer. */
  private static boolean fits(Slot s, double x, List<Slot> layer) {
    if (s.order > 0) {
      Slot before = layer.get(s.order - 1);
      if (x - s.width / 2 - Style.GAP / 2 < before.right()) {
        return false;
      }
    }
    if (s.order + 1 < layer.size()) {
      Slot after = layer.get(s.order + 1);
      return x + s.width / 2 + Style.GAP / 2 <= after.left();
    }
    return true;
  }

  private enum Side { ABOVE, BELOW, BOTH }

  /** Moves the slots of {@code layer} as close as the spacing allows to their neighbours' mean. */
  private static void align(List<Slot> layer, Side side) {
    int n = layer.size();
    if (n == 0) {
      return;
    }
    double[] offset = offsets(layer);
    double[] target = new double[n];
    for (int i = 0; i < n; i++) {
      Slot s = layer.get(i);
      target[i] = desired(s, side) - offset[i];
    }
    double[] y = isotonic(target);
    for (int i = 0; i < n; i++) {
      layer.get(i).x = y[i] + offset[i];
    }
  }

  private static double desired(Slot s, Side side) {
    double sum = 0;
    int count = 0;
    if (side != Side.BELOW) {
      for (Slot u : s.up) {
        sum += u.x;
        count++;
      }
    }
    if (side != Side.ABOVE) {
      for (Slot d : s.down) {
        sum += d.x;
        count++;
      }
    }
    return count == 0 ? s.x : sum / count;
  }

  /** The smallest x of each slot relative to the first: the widths and gaps before it. */
  private static double[] offsets(List<Slot> layer) {
    double[] offset = new double[layer.size()];
    for (int i = 1; i < layer.size(); i++) {
      Slot a = layer.get(i - 1);
      Slot b = layer.get(i);
      double gap = a.isPassage() || b.isPassage() ? Style.GAP / 2 : Style.GAP;
      offset[i] = offset[i - 1] + (a.width + b.width) / 2 + gap;
    }
    return offset;
  }

  /**
   * The non-decreasing sequence closest to {@code target} in least squares (pool adjacent
   * violators): a block of slots pushed together sits at the mean of what its members want.
   */
  static double[] isotonic(double[] target) {
    int n = target.length;
    double[] mean = new double[n];
    int[] size = new int[n];
    int blocks = 0;
    for (double t : target) {
      mean[blocks] = t;
      size[blocks] = 1;
      blocks++;
      while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1]) {
        int merged = size[blocks - 2] + size[blocks - 1];
        mean[blocks - 2] = (mean[blocks - 2] * size[blocks - 2] + mean[blocks - 1] * size[blocks - 1]) / merged;
        size[blocks - 2] = merged;
        blocks--;
      }
    }
    double[] y = new double[n];
    int k = 0;
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < size[b]; j++) {
        y[k++] = mean[b];
      }
    }
    return y;
  }

  private static void shiftToMargin(List<List<Slot>> layers) {
    double left = Double.POSITIVE_INFINITY;
    for (List<Slot> layer : layers) {
      for (Slot s : layer) {
        left = Math.min(left, s.left());
      }
    }
    double shift = Style.MARGIN - left;
    for (List<Slot> layer : layers) {
      for (Slot s : layer) {
        // whole pixels: the drawing's numbers stay short and identical on every JVM
        s.x = Math.rint((s.x + shift) * 2) / 2;
      }
    }
  }
}
