package dev.netc.codegen.draw;

import java.util.List;

/**
 * What one box shows: a layer (its name, op line and shape) or a loss.
 *
 * @param id the element id, unique in the drawing ({@code node-conv}, {@code loss-logits})
 * @param kind what the box stands for; decides its colours
 * @param name the layer's name (the scored value's name for a loss)
 * @param lines the text lines, first in bold
 * @param tooltip the full description, shown on hover (lines may be shortened)
 * @param output whether the value is a network output (a heavier border)
 */
record Box(String id, Kind kind, String name, List<String> lines, String tooltip, boolean output) {

  /** The kinds of boxes, each with its colours. */
  enum Kind {
    INPUT("#dbeafe", "#2563eb"),
    LAYER("#dcfce7", "#15803d"),
    STATELESS("#f3f4f6", "#4b5563"),
    VIEW("#ffffff", "#6b7280"),
    MERGE("#ffedd5", "#c2410c"),
    LOSS("#fee2e2", "#b91c1c");

    final String fill;
    final String stroke;

    Kind(String fill, String stroke) {
      this.fill = fill;
      this.stroke = stroke;
    }
  }
}
