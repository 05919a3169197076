package dev.netc.codegen.draw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout's parts on small cases whose answer is known: crossings, spacing, text escaping. */
class LayoutPartsTest {

  @Test
  void barycenterUncrossesTwoCrossedEdges() {
    // a -> d and b -> c cross; swapping c and d removes the crossing
    Slot a = slot(0);
    Slot b = slot(0);
    Slot c = slot(1);
    Slot d = slot(1);
    link(a, d);
    link(b, c);
    List<List<Slot>> layers = new ArrayList<>(List.of(new ArrayList<>(List.of(a, b)), new ArrayList<>(List.of(c, d))));
    Ordering.reduceCrossings(layers);
    assertEquals(0, Ordering.crossings(layers));
    assertEquals(List.of(a, b), layers.get(0));
    assertEquals(List.of(d, c), layers.get(1));
  }

  @Test
  void crossingsAreCountedPerPairOfEdges() {
    Slot a = slot(0);
    Slot b = slot(0);
    Slot c = slot(0);
    Slot x = slot(1);
    Slot y = slot(1);
    Slot z = slot(1);
    link(a, z);
    link(b, y);
    link(c, x);
    List<List<Slot>> layers = List.of(List.of(a, b, c), List.of(x, y, z));
    for (List<Slot> layer : layers) {
      for (int i = 0; i < layer.size(); i++) {
        layer.get(i).order = i;
      }
    }
    assertEquals(3, Ordering.crossings(layers));
  }

  @Test
  void isotonicPoolsViolatorsAtTheirMean() {
    assertArrayEquals(new double[] {1, 2, 3}, Placement.isotonic(new double[] {1, 2, 3}), 1e-12);
    assertArrayEquals(new double[] {2, 2, 5}, Placement.isotonic(new double[] {3, 1, 5}), 1e-12);
    assertArrayEquals(new double[] {2, 2, 2}, Placement.isotonic(new double[] {4, 2, 0}), 1e-12);
  }

  @Test
  void xmlEscapingKeepsAnyTextParseable() throws Exception {
    String nasty = "a<b & c>\"d\" 'e' \u0001\u0000 \uD800 caf\u00e9 \uD83D\uDE00";
    String escaped = Xml.escape(nasty);
    String doc = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><g class=\"node\" id=\"x\" data-name=\""
        + escaped + "\"><title>" + escaped + "</title><rect x=\"0\" y=\"0\" width=\"1\" height=\"1\"/><text>" + escaped
        + "</text></g></svg>";
    SvgDrawing parsed = new SvgDrawing(doc);
    String expected = "a<b & c>\"d\" 'e' \uFFFD\uFFFD \uFFFD caf\u00e9 \uD83D\uDE00";
    assertEquals(expected, parsed.boxes.get("x").lines().get(0));
    assertEquals(expected, parsed.boxes.get("x").name());
    assertEquals(expected, parsed.boxes.get("x").tooltip());
  }

  @Test
  void longLinesAreShortenedWithAnEllipsis() {
    String line = "x".repeat(Style.MAX_LINE_CHARS + 5);
    String shown = NetworkDrawing.shorten(line);
    assertEquals(Style.MAX_LINE_CHARS, shown.length());
    assertEquals('\u2026', shown.charAt(shown.length() - 1));
    assertEquals("dense 10", NetworkDrawing.shorten("dense 10"));
  }

  @Test
  void coordinatesHaveOneDecimalAtMost() {
    assertEquals("12", EdgePaths.num(12.0));
    assertEquals("12.5", EdgePaths.num(12.5));
    assertEquals("-1.5", EdgePaths.num(-1.5));
    assertEquals("0.1", EdgePaths.num(0.06));
  }

  private static Slot slot(int layer) {
    return new Slot(layer, 10, 10, new Box("b", Box.Kind.LAYER, "b", List.of("b"), "b", false));
  }

  private static void link(Slot from, Slot to) {
    from.down.add(to);
    to.up.add(from);
  }
}
