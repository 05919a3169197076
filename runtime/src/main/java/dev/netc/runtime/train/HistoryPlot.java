package dev.netc.runtime.train;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Renders a {@link History} as SVG: dependency-free, deterministic text output. */
final class HistoryPlot {
  private static final int W = 420;
  private static final int H = 300;
  private static final int LEFT = 60;
  private static final int TOP = 40;
  private static final int RIGHT = 20;
  private static final int BOTTOM = 50;

  private HistoryPlot() {}

  static String svg(History h) {
    List<History.Epoch> es = h.epochs();
    boolean acc = es.stream().anyMatch(e -> !Double.isNaN(e.trainAccuracy()) || !Double.isNaN(e.validationAccuracy()));
    int panels = acc ? 2 : 1;
    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n",
        W * panels, H, W * panels, H));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    panel(s, es, 0, "loss", History.Epoch::trainLoss, History.Epoch::validationLoss);
    if (acc) {
      panel(s, es, W, "accuracy", History.Epoch::trainAccuracy, History.Epoch::validationAccuracy);
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static void panel(StringBuilder s, List<History.Epoch> es, int x0, String title,
      ToDoubleFunction<History.Epoch> train, ToDoubleFunction<History.Epoch> val) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (History.Epoch e : es) {
      for (double v : new double[] {train.applyAsDouble(e), val.applyAsDouble(e)}) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    }
    if (hi - lo < 1e-12) {
      hi = lo + 1;
    }
    double pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
    int n = Math.max(es.size(), 2);
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    int left = x0 + LEFT;
    s.append(String.format(Locale.ROOT, "<g>\n<text x=\"%d\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">%s</text>\n",
        left + pw / 2, title));
    s.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
        left, TOP, left, TOP + ph, left, TOP + ph, left + pw, TOP + ph));
    for (int t = 0; t <= 4; t++) {
      double v = lo + (hi - lo) * t / 4;
      double y = TOP + ph - ph * t / 4.0;
      s.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>\n",
          left, y, left + pw, y, left - 4, y + 4, v));
    }
    int ticks = Math.min(es.size(), 10);
    for (int t = 0; t < ticks; t++) {
      int idx = ticks == 1 ? 0 : (int) Math.round((es.size() - 1) * t / (double) (ticks - 1));
      double x = left + pw * idx / (double) (n - 1);
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
          x, TOP + ph + 15, es.get(idx).epoch()));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n",
        left + pw / 2, TOP + ph + 32));
    String[] colors = {"#1f77b4", "#ff7f0e"};
    String[] names = {"train", "validation"};
    int legend = 0;
    for (int k = 0; k < 2; k++) {
      ToDoubleFunction<History.Epoch> f = k == 0 ? train : val;
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < es.size(); i++) {
        double v = f.applyAsDouble(es.get(i));
        if (Double.isFinite(v)) {
          double x = left + pw * i / (double) (n - 1);
          double y = TOP + ph - ph * (v - lo) / (hi - lo);
          pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
      }
      if (pts.length() == 0) {
        continue;
      }
      s.append(String.format(Locale.ROOT,
          "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n", colors[k], pts.toString().trim()));
      int ly = TOP + 10 + 16 * legend++;
      s.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>\n",
          left + pw - 90, ly, left + pw - 70, ly, colors[k], left + pw - 65, ly + 4, names[k]));
    }
    s.append("</g>\n");
  }
}
