package dev.netc.codegen.draw;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A drawing read back with the JDK's XML parser: the boxes (rectangle and text lines) and the
 * edges as sampled polylines, for geometric assertions.
 */
final class SvgDrawing {
  static final String SVG_NS = "http://www.w3.org/2000/svg";

  record Rect(double x, double y, double w, double h) {
    boolean containsStrictly(double px, double py, double inset) {
      return px > x + inset && px < x + w - inset && py > y + inset && py < y + h - inset;
    }

    boolean overlaps(Rect o) {
      return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
    }
  }

  record Box(String id, String cssClass, String name, Rect rect, List<String> lines, String tooltip) {}

  record Edge(String cssClass, String from, String to, List<double[]> points) {
    double[] start() {
      return points.get(0);
    }

    double[] end() {
      return points.get(points.size() - 1);
    }
  }

  final Element root;
  final Map<String, Box> boxes = new LinkedHashMap<>();
  final List<Edge> edges = new ArrayList<>();

  SvgDrawing(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    root = doc.getDocumentElement();
    NodeList groups = doc.getElementsByTagNameNS(SVG_NS, "g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      String cls = g.getAttribute("class");
      if (!cls.equals("node") && !cls.equals("loss")) {
        continue;
      }
      Element rect = (Element) g.getElementsByTagNameNS(SVG_NS, "rect").item(0);
      Rect r = new Rect(num(rect, "x"), num(rect, "y"), num(rect, "width"), num(rect, "height"));
      List<String> lines = new ArrayList<>();
      NodeList texts = g.getElementsByTagNameNS(SVG_NS, "text");
      for (int t = 0; t < texts.getLength(); t++) {
        lines.add(texts.item(t).getTextContent());
      }
      String tooltip = g.getElementsByTagNameNS(SVG_NS, "title").item(0).getTextContent();
      Box previous = boxes.put(g.getAttribute("id"),
          new Box(g.getAttribute("id"), cls, g.getAttribute("data-name"), r, lines, tooltip));
      if (previous != null) {
        throw new AssertionError("two boxes with id " + g.getAttribute("id"));
      }
    }
    NodeList paths = doc.getElementsByTagNameNS(SVG_NS, "path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element p = (Element) paths.item(i);
      String cls = p.getAttribute("class");
      if (cls.equals("edge") || cls.equals("loss-edge")) {
        edges.add(new Edge(cls, p.getAttribute("data-from"), p.getAttribute("data-to"), sample(p.getAttribute("d"))));
      }
    }
  }

  List<Box> boxes(String cssClass) {
    return boxes.values().stream().filter(b -> b.cssClass().equals(cssClass)).toList();
  }

  List<Edge> edges(String cssClass) {
    return edges.stream().filter(e -> e.cssClass().equals(cssClass)).toList();
  }

  private static double num(Element e, String attr) {
    return Double.parseDouble(e.getAttribute(attr));
  }

  /** The points of a path of M, V, L and C commands, curves sampled at 64 steps. */
  static List<double[]> sample(String d) {
    List<double[]> points = new ArrayList<>();
    String[] tokens = d.trim().split("[\\s,]+|(?=[A-Za-z])");
    double x = 0;
    double y = 0;
    int i = 0;
    List<String> t = new ArrayList<>();
    for (String token : tokens) {
      if (token.isEmpty()) {
        continue;
      }
      if (Character.isLetter(token.charAt(0)) && token.length() > 1) {
        t.add(token.substring(0, 1));
        t.add(token.substring(1));
      } else {
        t.add(token);
      }
    }
    while (i < t.size()) {
      String cmd = t.get(i++);
      switch (cmd) {
        case "M", "L" -> {
          x = Double.parseDouble(t.get(i++));
          y = Double.parseDouble(t.get(i++));
          points.add(new double[] {x, y});
        }
        case "V" -> {
          double ny = Double.parseDouble(t.get(i++));
          for (int s = 1; s <= 64; s++) {
            points.add(new double[] {x, y + (ny - y) * s / 64});
          }
          y = ny;
        }
        case "C" -> {
          double[] c = new double[6];
          for (int k = 0; k < 6; k++) {
            c[k] = Double.parseDouble(t.get(i++));
          }
          for (int s = 1; s <= 64; s++) {
            double u = s / 64.0;
            double a = (1 - u) * (1 - u) * (1 - u);
            double b = 3 * (1 - u) * (1 - u) * u;
            double cc = 3 * (1 - u) * u * u;
            double e = u * u * u;
            points.add(new double[] {a * x + b * c[0] + cc * c[2] + e * c[4], a * y + b * c[1] + cc * c[3] + e * c[5]});
          }
          x = c[4];
          y = c[5];
        }
        default -> throw new AssertionError("unexpected path command " + cmd + " in " + d);
      }
    }
    return points;
  }
}
