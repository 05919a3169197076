package dev.netc.codegen.draw;

import java.util.ArrayList;
import java.util.List;

/**
 * One place in a layer of the layout: a box, or a passage where an edge spanning several layers
 * crosses this one (a "dummy vertex"). Passages take room like narrow boxes, so the placement
 * keeps boxes off them and a long edge runs between boxes, never through one.
 */
final class Slot {
  final int layer;
  final double width;
  final double height;
  /** The box drawn here, or null for a passage. */
  final Box box;
  /** Neighbours in the layer above and below, once per edge (a value merged with itself twice). */
  final List<Slot> up = new ArrayList<>();
  final List<Slot> down = new ArrayList<>();
  /** Position in the layer, left to right. */
  int order;
  /** Horizontal centre. */
  double x;

  Slot(int layer, double width, double height, Box box) {
    this.layer = layer;
    this.width = width;
    this.height = height;
    this.box = box;
  }

  boolean isPassage() {
    return box == null;
  }

  double left() {
    return x - width / 2;
  }

  double right() {
    return x + width / 2;
  }
}
