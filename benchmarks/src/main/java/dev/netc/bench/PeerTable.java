package dev.netc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns the {@code peer<TAB>key<TAB>value} lines that peers/run-all.sh collects into the markdown
 * tables for BENCHMARKS.md: absolute figures of netc and each peer, with accuracy beside every
 * time, and netc's advantage as a ratio (peer time / netc time, or netc throughput / peer
 * throughput: above 1 means netc is faster or smaller); then netc's JMH figures with the bytes
 * allocated per call. Lines whose peer is {@code meta} become the header (command, JDK, flags);
 * {@code peer skipped reason} lines say why a column is empty.
 *
 * <p>Usage: {@code PeerTable RESULTS.tsv OUT.md}.
 */
public final class PeerTable {
  private PeerTable() {}

  static final String[] PEERS = {"pytorch", "ort", "dl4j"};
  static final Map<String, String> NAMES = Map.of(
      "netc", "netc", "pytorch", "PyTorch", "ort", "ONNX Runtime", "dl4j", "DL4J");

  private final Map<String, Map<String, String>> values = new HashMap<>();
  private final Map<String, String> meta = new LinkedHashMap<>();

  public static void main(String[] args) throws IOException {
    String md = of(Files.readAllLines(Path.of(args[0]))).render();
    Path out = Path.of(args[1]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md);
    System.out.print(md);
  }

  /** The table of {@code peer<TAB>key<TAB>value} lines; other lines are skipped. */
  static PeerTable of(List<String> lines) {
    PeerTable t = new PeerTable();
    for (String line : lines) {
      String[] f = line.split("\t", 3);
      if (f.length < 3) {
        continue;
      }
      if (f[0].equals("meta")) {
        t.meta.put(f[1], f[2]);
      } else {
        t.values.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], f[2]);
      }
    }
    return t;
  }

  String get(String peer, String key) {
    Map<String, String> m = values.get(peer);
    return m == null ? null : m.get(key);
  }

  double num(String peer, String key) {
    String v = get(peer, key);
    if (v == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  String render() {
    List<String> out = new ArrayList<>();
    out.add("## Peer comparison (issue 9): netc, PyTorch, ONNX Runtime, DL4J on one machine, one run");
    out.add("");
    meta.forEach((k, v) -> out.add("- " + k + ": " + v));
    out.add("");
    out.add("Ratios are netc's advantage: peer time / netc time, netc images/s / peer images/s, peer size /"
        + " netc size; above 1 netc is faster (smaller). Accuracy (test set) in brackets beside every"
        + " figure. Training: seconds per 60,000-image epoch (or per epoch of the data used, see data"
        + " above), median of epochs 2-3 (MLP) or epoch 2 (CNN). Inference: the models each framework"
        + " trained in this run (ONNX Runtime runs netc's, exported), batch-1 median (p99) over 20,000"
        + " calls after 5,000 warm-up calls, batch 256 for at least 2 s.");
    out.add("");
    StringBuilder head = new StringBuilder("| workload | netc |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String p : PEERS) {
      head.append(' ').append(NAMES.get(p)).append(" | ratio |");
      rule.append("---|---|");
    }
    out.add(head.toString());
    out.add(rule.toString());
    for (String w : new String[] {"mlp-sgd", "mlp-adam", "cnn-sgd"}) {
      out.add(row(w + " s/epoch", p -> time(p, w + ".epoch_s", w + ".acc", null), w + ".epoch_s", true));
      if (w.equals("mlp-sgd")) {
        String k = "mlp-sgd.2threads";
        out.add(row("mlp-sgd s/epoch, 2 threads", p -> time(p, k + ".epoch_s", k + ".acc", null), k + ".epoch_s", true));
      }
    }
    for (String k : new String[] {"mlp", "cnn"}) {
      inferenceRows(out, k, k, "images/s");
    }
    sampleRows(out);
    out.add(row("cold start to first MLP prediction, ms (median)", p -> plain(p, "coldstart.ms", "%.0f"),
        "coldstart.ms", true));
    if (get("netc", "coldstart_cds.ms") != null) {
      out.add("| cold start, netc with an AppCDS archive, ms | " + plain("netc", "coldstart_cds.ms", "%.0f")
          + " |" + " | |".repeat(PEERS.length));
    }
    if (get("jvm", "coldstart_floor.ms") != null) {
      out.add("| cold start floor: a Java main that loads nothing, ms | " + plain("jvm", "coldstart_floor.ms", "%.0f")
          + " |" + " | |".repeat(PEERS.length));
    }
    if (get("netc", "coldstart_flags.ms") != null) {
      out.add("| cold start, netc with its JVM flags, ms | " + plain("netc", "coldstart_flags.ms", "%.0f")
          + " |" + " | |".repeat(PEERS.length));
    }
    out.add(row("footprint for MLP inference, MB", p -> mb(p), "footprint.bytes", true));
    out.add("");
    for (String p : PEERS) {
      String reason = get(p, "skipped");
      if (reason != null) {
        out.add("- " + NAMES.get(p) + " skipped: " + reason);
      }
    }
    for (String p : new String[] {"netc", "pytorch", "ort", "dl4j"}) {
      String note = get(p, "footprint.note");
      if (note != null) {
        out.add("- footprint, " + NAMES.get(p) + ": " + note);
      }
    }
    String diff = get("ort", "mlp.max_abs_diff_vs_netc");
    if (diff != null) {
      out.add("- ONNX export check: largest difference between ONNX Runtime's and netc's outputs on the first"
          + " 8 test images: MLP " + diff + ", CNN " + get("ort", "cnn.max_abs_diff_vs_netc")
          + (get("ort", "resnet.max_abs_diff_vs_netc") == null ? "" : ", fashion-resnet "
              + get("ort", "resnet.max_abs_diff_vs_netc"))
          + (get("ort", "transformer.max_abs_diff_vs_netc") == null ? "" : ", char-transformer (8 windows of 64) "
              + get("ort", "transformer.max_abs_diff_vs_netc"))
          + ".");
    }
    if (Stream.of("cnn-bn.epoch_s", "resnet.epoch_s", "resnet.b1.median_us", "transformer.b1.median_us",
        "imported.b1.median_us").anyMatch(k -> get("netc", k) != null)) {
      out.add("- Sample networks (benchmarks/peers/README.md): fashion-cnn-bn and fashion-resnet train with their"
          + " .net files' Adam rate, batch size and seed on both sides, no augmentation; the time is one epoch over"
          + " the first training images (count in the row), after a warm-up pass over the first 2,048, the"
          + " optimizer's state carried over; accuracy on the whole test set after it; the CPU rows give the"
          + " training thread's CPU time in that epoch, which a busy machine inflates far less than the wall"
          + " time. Inference: fashion-resnet"
          + " as each framework trained it above (ONNX Runtime: netc's, exported); char-transformer (CharTransformer.net,"
          + " trained one epoch by netc) with netc's weights in all three, PyTorch's copy read from the ONNX export,"
          + " accuracy = next character right at each of the 64 positions of the held-out windows; imported"
          + " fashion_cnn.onnx (trained in PyTorch by samples/src/main/onnx/train_fashion_cnn.py): netc's import,"
          + " ONNX Runtime on the file, PyTorch on the original network with the file's weights. fashion-resnet and"
          + " char-transformer time 2,000 batch-1 calls after 500 warm-up calls.");
    }
    out.add("");
    out.addAll(jmh());
    return String.join("\n", out) + "\n";
  }

  /** Batch-1 latency from float[] and with own tensors, batch-256 throughput, for model {@code k}. */
  private void inferenceRows(List<String> out, String k, String label, String unit) {
    out.add(row(label + " batch-1 latency µs, from float[]",
        p -> time(p, k + ".b1.median_us", k + ".acc", k + ".b1.p99_us"), k + ".b1.median_us", true));
    out.add(rowOwn(k, label));
    out.add(row(label + " batch-256 " + unit, p -> rate(p, k + ".b256.img_s", k + ".acc"), k + ".b256.img_s", false));
  }

  /**
   * The sample networks (issue 20): cnn-bn and resnet epochs over a subset, then resnet, the
   * character transformer and the imported fashion_cnn.onnx at inference; absent rows are left out.
   */
  private void sampleRows(List<String> out) {
    for (String w : new String[] {"cnn-bn", "resnet"}) {
      if (get("netc", w + ".epoch_s") != null) {
        String images = get("netc", w + ".train_images");
        String label = "fashion-" + w + " s/epoch of " + (images == null ? "?" : String.format(Locale.ROOT, "%,d",
            (long) num("netc", w + ".train_images"))) + " images";
        out.add(row(label, p -> time(p, w + ".epoch_s", w + ".acc", null), w + ".epoch_s", true));
        if (get("netc", w + ".epoch_cpu_s") != null) {
          out.add(row(label + ", CPU s of the training thread", p -> time(p, w + ".epoch_cpu_s", null, null),
              w + ".epoch_cpu_s", true));
        }
      }
    }
    String[][] models = {
        {"resnet", "fashion-resnet", "images/s"},
        {"transformer", "char-transformer", "sequences/s"},
        {"imported", "imported fashion_cnn.onnx", "images/s"}};
    for (String[] m : models) {
      if (get("netc", m[0] + ".b1.median_us") != null) {
        inferenceRows(out, m[0], m[1], m[2]);
      }
    }
  }

  interface Cell {
    String text(String peer);
  }

  String row(String label, Cell cell, String key, boolean lowerIsBetter) {
    StringBuilder sb = new StringBuilder("| ").append(label).append(" | ").append(cell.text("netc")).append(" |");
    double mine = num("netc", key);
    for (String p : PEERS) {
      sb.append(' ').append(cell.text(p)).append(" | ").append(ratio(mine, num(p, key), lowerIsBetter)).append(" |");
    }
    return sb.toString();
  }

  /** Batch-1 latency with each peer's own tensor type; netc's own type is float[]. */
  String rowOwn(String k, String label) {
    StringBuilder sb = new StringBuilder("| ").append(label).append(" batch-1 latency µs, own tensors | ")
        .append("(float[] is netc's) |");
    double mine = num("netc", k + ".b1.median_us");
    for (String p : PEERS) {
      if (get(p, k + ".b1t.median_us") == null) {
        sb.append(" — | |");
      } else {
        sb.append(' ').append(time(p, k + ".b1t.median_us", null, k + ".b1t.p99_us")).append(" | ")
            .append(ratio(mine, num(p, k + ".b1t.median_us"), true)).append(" |");
      }
    }
    return sb.toString();
  }

  static String ratio(double mine, double theirs, boolean lowerIsBetter) {
    if (Double.isNaN(mine) || Double.isNaN(theirs) || mine == 0 || theirs == 0) {
      return "";
    }
    double r = lowerIsBetter ? theirs / mine : mine / theirs;
    return String.format(Locale.ROOT, r >= 10 ? "%.0f" : "%.2f", r);
  }

  String time(String peer, String key, String accKey, String p99Key) {
    double v = num(peer, key);
    if (Double.isNaN(v)) {
      return "—";
    }
    String s = fmt(v);
    if (p99Key != null && !Double.isNaN(num(peer, p99Key))) {
      s += " (p99 " + fmt(num(peer, p99Key)) + ")";
    }
    if (accKey != null && !Double.isNaN(num(peer, accKey))) {
      s += String.format(Locale.ROOT, " [%.4f]", num(peer, accKey));
    }
    return s;
  }

  String rate(String peer, String key, String accKey) {
    double v = num(peer, key);
    if (Double.isNaN(v)) {
      return "—";
    }
    String s = String.format(Locale.ROOT, "%,.0f", v);
    if (!Double.isNaN(num(peer, accKey))) {
      s += String.format(Locale.ROOT, " [%.4f]", num(peer, accKey));
    }
    return s;
  }

  String plain(String peer, String key, String format) {
    double v = num(peer, key);
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, format, v);
  }

  String mb(String peer) {
    double v = num(peer, "footprint.bytes");
    if (Double.isNaN(v)) {
      return "—";
    }
    return v < 1e6 ? String.format(Locale.ROOT, "%.3f (%.0f KB)", v / 1e6, v / 1e3)
        : String.format(Locale.ROOT, "%.1f", v / 1e6);
  }

  static String fmt(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  List<String> jmh() {
    List<String> out = new ArrayList<>();
    if (values.get("netc") == null || get("netc", "jmh.mlp.inferBatch1.median_us") == null
        && get("netc", "jmh.mlp.inferBatch256.img_s") == null) {
      return out;
    }
    out.add("### netc under JMH (`-prof gc`; synthetic Fashion-like pixels, untrained weights)");
    out.add("");
    out.add("JMH's allocation figure also counts what the harness itself allocates, spread over the calls"
        + " (it is largest for the slowest calls); the last column counts only the calling thread's"
        + " allocations over 20,000 predictions or 500 training steps after warm-up.");
    out.add("");
    out.add("| benchmark | figure | B allocated per call, JMH gc.alloc.rate.norm | B per call, thread allocation counter (InferBench) |");
    out.add("|---|---|---|---|");
    for (String k : new String[] {"mlp", "cnn"}) {
      String base = "jmh." + k + ".";
      if (get("netc", base + "inferBatch1.median_us") != null) {
        out.add("| " + k + " predict(in, out), batch 1 | median " + fmt(num("netc", base + "inferBatch1.median_us"))
            + " µs, p99 " + fmt(num("netc", base + "inferBatch1.p99_us")) + " µs | "
            + alloc(base + "inferBatch1") + " | " + plain("netc", k + ".predict.alloc_b", "%.1f") + " |");
      }
      if (get("netc", base + "inferBatch256.img_s") != null) {
        out.add("| " + k + " forward, batch 256 | " + String.format(Locale.ROOT, "%,.0f",
            num("netc", base + "inferBatch256.img_s")) + " images/s | " + alloc(base + "inferBatch256") + " | |");
      }
      for (String m : new String[] {"trainStepSgdBatch32", "trainStepAdamBatch32"}) {
        double ops = num("netc", base + m + ".ops_s");
        if (!Double.isNaN(ops)) {
          out.add(String.format(Locale.ROOT, "| %s %s | %,.0f steps/s = %.2f s per 60k-image epoch (1,875 steps) | %s | %s |",
              k, m, ops, 1875 / ops, alloc(base + m),
              m.contains("Sgd") ? plain("netc", k + ".train.alloc_b", "%.1f") : ""));
        }
      }
      teamRows(out, k, base);
    }
    return out;
  }

  /** The same benchmarks on a two-thread team (JmhRun --threads 1,2), with the ratio to one thread. */
  private void teamRows(List<String> out, String k, String base) {
    String b1 = base + "inferBatch1.t2.median_us";
    if (get("netc", b1) != null) {
      out.add("| " + k + " predict(in, out), batch 1, team of 2 | median " + fmt(num("netc", b1))
          + " µs (" + times(num("netc", base + "inferBatch1.median_us"), num("netc", b1)) + "x one thread) | "
          + alloc(base + "inferBatch1.t2") + " | |");
    }
    String b256 = base + "inferBatch256.t2.img_s";
    if (get("netc", b256) != null) {
      out.add("| " + k + " forward, batch 256, team of 2 | " + String.format(Locale.ROOT, "%,.0f", num("netc", b256))
          + " images/s (" + times(num("netc", b256), num("netc", base + "inferBatch256.img_s")) + "x one thread) | "
          + alloc(base + "inferBatch256.t2") + " | |");
    }
    for (String m : new String[] {"trainStepSgdBatch32", "trainStepAdamBatch32"}) {
      double ops = num("netc", base + m + ".t2.ops_s");
      if (!Double.isNaN(ops)) {
        out.add(String.format(Locale.ROOT, "| %s %s, team of 2 | %,.0f steps/s = %.2f s per epoch (%sx one thread) | %s | |",
            k, m, ops, 1875 / ops, times(ops, num("netc", base + m + ".ops_s")), alloc(base + m + ".t2")));
      }
    }
  }

  /** {@code a / b} as {@link #ratio} writes it, or a dash when either is missing. */
  private static String times(double a, double b) {
    String r = ratio(a, b, false);
    return r.isEmpty() ? "—" : r;
  }

  String alloc(String key) {
    double v = num("netc", key + ".alloc_b");
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", v);
  }
}
