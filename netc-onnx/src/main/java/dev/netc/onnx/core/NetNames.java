package dev.netc.onnx.core;

import dev.netc.codegen.base.Names;
import dev.netc.codegen.ops.Losses;
import dev.netc.codegen.ops.OpCatalogue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The names of an imported network's values: each ONNX node or value name turned into a netc name
 * (lower case letters, digits and underscores: {@code /features/features.0/Conv} becomes {@code
 * features_features_0_conv}), never a keyword, an op or a Java keyword, and different from every
 * other name also in the generated Java ({@code conv_1} and {@code conv1_} stay apart, and so do
 * names that would give the same {@code CONV_1} constant).
 */
public final class NetNames {
  /** Longest name kept: netc allows more, but a readable .net does not need it. */
  static final int MAX_CHARS = 48;

  private static final Set<String> RESERVED = Set.of("network", "input", "output", "loss", "optimizer",
      "training", "block", "import", "return", "batch", "epochs", "seed");

  private final Set<String> constants = new HashSet<>();

  /**
   * A fresh name for a layer computing netc op {@code netcOp} from ONNX node {@code node} (of
   * {@code opType}), readable for PyTorch's scoped names: {@code /fc1/Gemm} becomes {@code fc1},
   * {@code /features/features.0/Conv} {@code features_0}, and a bare index {@code /0/Conv} takes the
   * op's name, {@code conv2d_0}; {@code fallback} (the output's name) when the node has none.
   */
  public String layer(String node, String opType, String netcOp, String fallback) {
    List<String> kept = new ArrayList<>();
    for (String part : node.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!kept.isEmpty() && part.startsWith(kept.get(kept.size() - 1) + ".")) {
        kept.set(kept.size() - 1, part);
      } else {
        kept.add(part);
      }
    }
    if (kept.size() > 1 && kept.get(kept.size() - 1).matches(java.util.regex.Pattern.quote(opType) + "(_\\d+)?")) {
      kept.remove(kept.size() - 1);
    }
    String base = sanitize(String.join("_", kept));
    if (base.matches("v[0-9_]+")) {
      base = netcOp + "_" + base.substring(1);
    }
    return fresh(base, fallback);
  }

  /** A fresh netc name made from {@code raw} (an ONNX name; may be empty), else from {@code fallback}. */
  public String fresh(String raw, String fallback) {
    String base = sanitize(raw);
    if (base.isEmpty()) {
      base = sanitize(fallback);
    }
    if (base.isEmpty()) {
      base = "value";
    }
    String candidate = base;
    for (int i = 1; !available(candidate); i++) {
      candidate = base + "_" + i;
    }
    constants.add(Names.constant(candidate));
    return candidate;
  }

  private boolean available(String name) {
    return !RESERVED.contains(name) && !SourceVersion.isKeyword(name) && OpCatalogue.get(name) == null
        && OpCatalogue.wrapper(name) == null && !Losses.all().containsKey(name)
        && !constants.contains(Names.constant(name));
  }

  /** {@code raw} in lower case with every run of other characters one underscore, trimmed, not starting with a digit. */
  static String sanitize(String raw) {
    String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    if (s.length() > MAX_CHARS) {
      s = s.substring(s.length() - MAX_CHARS).replaceAll("^_+", "");
    }
    if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
      s = "v" + s;
    }
    return s;
  }
}
