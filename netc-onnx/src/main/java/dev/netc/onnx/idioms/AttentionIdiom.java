package dev.netc.onnx.idioms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import onnx.Onnx.NodeProto;

/**
 * Self-attention written out node by node, found from its {@code Softmax} and fused back into one
 * netc {@code multi_head_attention}. It recognizes what PyTorch 1.13 exports for {@code
 * nn.MultiheadAttention} (batch-first input transposed to time-major, one in-projection {@code
 * MatMul + Add} cut into Q, K, V by three {@code Slice}s whose bounds come from shape arithmetic,
 * heads split by {@code Reshape}/{@code Transpose}, Q divided by {@code sqrt(key_dim)}, {@code
 * MatMul}, {@code Softmax(-1)}, {@code MatMul} with V, heads merged, the out-projection {@code Gemm}
 * and the way back to batch-first) and what netc's exporter writes (three projections, the scale
 * on the scores, a causal mask as an added constant):
 *
 * <pre>
 * scores = MatMul(q', k')   q', k': Q, K through Reshape / Transpose / Div or Mul by a constant
 * [Add(scores, mask)] [Mul or Div by a constant]     softmax = Softmax(·, axis -1)
 * context = MatMul(softmax, v')  -> Transpose / Reshape -> out-projection -> [Reshape, Transpose]
 * </pre>
 *
 * The number of heads comes from the key width the heads are reshaped to ({@code key_dim}, folded
 * from the Q {@code Reshape}'s shape) and is checked against the scale, which must be {@code
 * 1/sqrt(key_dim)}. A mask must be causal (0 on and below the diagonal, -inf or at most -1e9
 * above). {@link #nodes()} is every node the fused layer replaces, the shape arithmetic that only
 * fed it included.
 *
 * @param entry the batch-first {@code [batch, T, D]} value attended over
 * @param exit the batch-first result
 * @param heads attention heads
 * @param keyDim each head's width
 * @param causal whether the mask lets position t see positions 0..t only
 * @param parameters netc's parameters by role ({@code query_weight [D, heads*key_dim]}, {@code
 *     query_bias}, key, value, {@code output_weight [heads*key_dim, D]}, {@code output_bias})
 * @param nodes the nodes replaced
 */
public record AttentionIdiom(String entry, String exit, int heads, int keyDim, boolean causal,
    Map<String, float[]> parameters, Set<NodeProto> nodes) {

  /**
   * The attention around {@code softmax}, or null when {@code softmax} is not inside one (a
   * classifier's softmax, say).
   *
   * @param shapes the dimensions of values already imported ({@link ShapeArithmetic#UNKNOWN} for
   *     the batch), or null
   * @throws IdiomException naming the node when the attention cannot be netc's
   */
  public static AttentionIdiom around(NodeIndex g, NodeProto softmax, Function<String, long[]> shapes) {
    if (NodeIndex.intAttribute(softmax, "axis", -1) != -1) {
      return null;
    }
    List<NodeProto> consumers = g.consumers(softmax.getOutput(0));
    if (consumers.size() != 1 || !consumers.get(0).getOpType().equals("MatMul")
        || !consumers.get(0).getInput(0).equals(softmax.getOutput(0))) {
      return null;
    }
    NodeProto context = consumers.get(0);
    Set<NodeProto> nodes = new LinkedHashSet<>(List.of(softmax, context));
    double scale = 1;
    boolean causal = false;
    String s = softmax.getInput(0);
    for (NodeProto n = g.producer(s); n != null && !n.getOpType().equals("MatMul"); n = g.producer(s)) {
      int side = g.constant(n.getInput(1)) != null ? 1 : g.constant(n.getInput(0)) != null ? 0 : -1;
      if (side < 0 || !Set.of("Add", "Mul", "Div").contains(n.getOpType())) {
        return null;
      }
      if (n.getOpType().equals("Add")) {
        causal |= causalMask(g, n, n.getInput(side));
      } else {
        scale *= scalar(g, n, n.getInput(side), n.getOpType().equals("Div"));
      }
      nodes.add(n);
      s = n.getInput(1 - side);
    }
    NodeProto scores = g.producer(s, "MatMul");
    if (scores == null) {
      return null;
    }
    nodes.add(scores);
    Path q = Path.back(g, scores.getInput(0), nodes);
    Path k = Path.back(g, scores.getInput(1), nodes);
    Path v = Path.back(g, context.getInput(1), nodes);
    scale *= q.scale * k.scale * v.scale;

    Map<String, Projection> projections = projections(g, softmax, q, k, v, nodes, shapes);
    if (projections == null) {
      return null;
    }
    Projection query = projections.get("query");
    String xin = query.input();
    for (Projection p : projections.values()) {
      if (!p.input().equals(xin)) {
        throw new IdiomException(softmax, "attention whose queries, keys and"
            + " values read different values (cross-attention); netc's multi_head_attention is self-attention");
      }
    }
    // PyTorch attends time-major: x goes through Transpose[1,0,2] first and the heads are reshaped to
    // [T, batch*heads, key_dim]; netc's export stays batch-first, [batch, T, heads, key_dim]
    NodeProto transpose = g.producer(xin, "Transpose");
    boolean transposed = transpose != null && Arrays.equals(NodeIndex.intsAttribute(transpose, "perm"),
        new long[] {1, 0, 2});
    Function<String, long[]> known = value -> {
      long[] before = transposed && value.equals(xin) ? shapes.apply(transpose.getInput(0)) : null;
      return before != null && before.length == 3 ? new long[] {before[1], before[0], before[2]} : shapes.apply(value);
    };
    long[] qTarget = q.reshape == null ? null : new ShapeArithmetic(g, known).fold(q.reshape.getInput(1));
    boolean timeMajor = transposed && (qTarget == null || qTarget.length == 3);
    String entry = timeMajor ? transpose.getInput(0) : xin;
    if (timeMajor) {
      nodes.add(transpose);
    }
    int inner = query.out();
    int keyDim = keyDim(softmax, qTarget, inner, scale);
    Output out = Output.after(g, softmax, context.getOutput(0), timeMajor, nodes);
    if (out.projection.in() != inner) {
      throw new IdiomException(softmax, "the attention's output projection"
          + " reads " + out.projection.in() + " values per position, not the heads' " + inner);
    }
    Map<String, float[]> parameters = new LinkedHashMap<>();
    for (String role : List.of("query", "key", "value")) {
      parameters.put(role + "_weight", projections.get(role).weight());
      parameters.put(role + "_bias", projections.get(role).bias());
    }
    parameters.put("output_weight", out.projection.weight());
    parameters.put("output_bias", out.projection.bias());
    FusedRegion.close(g, nodes, out.exit, softmax, entry);
    return new AttentionIdiom(entry, out.exit, inner / keyDim, keyDim, causal, parameters, nodes);
  }

  /** Q, K and V's projections: three Slices of one packed projection (PyTorch) or three of their own. */
  private static Map<String, Projection> projections(NodeIndex g, NodeProto softmax, Path q, Path k, Path v,
      Set<NodeProto> nodes, Function<String, long[]> shapes) {
    Map<String, Path> paths = Map.of("query", q, "key", k, "value", v);
    Map<String, Projection> out = new HashMap<>();
    Map<String, Projection> packed = new HashMap<>();
    for (Map.Entry<String, Path> e : paths.entrySet()) {
      String root = e.getValue().root;
      NodeProto slice = g.producer(root, "Slice");
      if (slice == null) {
        Projection p = Projection.writing(g, root);
        if (p == null) {
          return null;
        }
        out.put(e.getKey(), p);
        nodes.addAll(p.nodes());
        continue;
      }
      Projection whole = packed.computeIfAbsent(slice.getInput(0), value -> Projection.writing(g, value));
      if (whole == null) {
        return null;
      }
      int[] range = sliceColumns(g, slice, whole, shapes);
      out.put(e.getKey(), whole.columns(range[0], range[1]));
      nodes.add(slice);
      nodes.addAll(whole.nodes());
    }
    int inner = out.get("query").out();
    for (Map.Entry<String, Projection> e : out.entrySet()) {
      if (e.getValue().out() != inner || (!e.getKey().equals("query") && e.getValue().in() != out.get("query").in())) {
        throw new IdiomException(softmax, "the attention's " + e.getKey()
            + " projection is " + e.getValue().in() + " -> " + e.getValue().out() + ", the query's "
            + out.get("query").in() + " -> " + inner + "; netc's multi_head_attention projects all three alike");
      }
    }
    return out;
  }

  /** The columns a Slice of a packed projection keeps, its bounds folded; it must cut the last axis. */
  private static int[] sliceColumns(NodeIndex g, NodeProto slice, Projection whole,
      Function<String, long[]> shapes) {
    ShapeArithmetic folder = new ShapeArithmetic(g, value -> value.equals(slice.getInput(0))
        ? new long[] {ShapeArithmetic.UNKNOWN, ShapeArithmetic.UNKNOWN, whole.out()} : shapes.apply(value));
    long[] starts = folder.fold(slice.getInput(1));
    long[] ends = folder.fold(slice.getInput(2));
    long[] axes = slice.getInputCount() > 3 ? folder.fold(slice.getInput(3)) : new long[] {0};
    long[] steps = slice.getInputCount() > 4 ? folder.fold(slice.getInput(4)) : new long[] {1};
    boolean lastAxis = axes != null && axes.length == 1 && (axes[0] == -1 || axes[0] == 2);
    if (starts == null || ends == null || starts.length != 1 || ends.length != 1 || !lastAxis
        || steps == null || steps.length != 1 || steps[0] != 1 || starts[0] == ShapeArithmetic.UNKNOWN
        || ends[0] == ShapeArithmetic.UNKNOWN) {
      throw new IdiomException(slice, "cuts the attention's packed projection"
          + " in a way netc cannot fold (it must slice the last axis with bounds that do not depend on the batch)");
    }
    int from = (int) Math.max(0, Math.min(whole.out(), starts[0] < 0 ? starts[0] + whole.out() : starts[0]));
    int to = (int) Math.max(from, Math.min(whole.out(), ends[0] < 0 ? ends[0] + whole.out() : ends[0]));
    return new int[] {from, to};
  }

  /** key_dim from the Q Reshape's last folded dimension (else from the scale), checked against the scale. */
  private static int keyDim(NodeProto softmax, long[] qTarget, int inner, double scale) {
    long keyDim = qTarget != null && qTarget.length > 0 && qTarget[qTarget.length - 1] > 0
        ? qTarget[qTarget.length - 1] : Math.round(1 / (scale * scale));
    if (keyDim <= 0 || inner % keyDim != 0 || Math.abs(scale * Math.sqrt(keyDim) - 1) > 1e-6) {
      throw new IdiomException(softmax, "attention scaled by " + scale + " with heads " + keyDim + " wide;"
          + " netc's multi_head_attention scales by 1/sqrt(key_dim) and needs key_dim to divide the " + inner
          + " projected values");
    }
    return (int) keyDim;
  }

  /** Whether the added constant is a causal mask; any other mask is refused. */
  private static boolean causalMask(NodeIndex g, NodeProto add, String value) {
    var t = g.constant(value);
    float[] m = g.floats(value);
    int rank = t.getDimsCount();
    long steps = rank >= 2 ? t.getDims(rank - 1) : -1;
    boolean square = rank >= 2 && t.getDims(rank - 2) == steps && m != null && m.length == steps * steps;
    boolean causal = square;
    boolean zero = square;
    for (int i = 0; square && i < steps; i++) {
      for (int j = 0; j < steps; j++) {
        float x = m[(int) (i * steps + j)];
        causal &= j <= i ? x == 0 : x <= -1e9f;
        zero &= x == 0;
      }
    }
    if (!causal && !zero) {
      throw new IdiomException(add, "attention mask " + value + " is not causal"
          + " (0 on and below the diagonal, -inf above); netc's multi_head_attention masks causally or not at all");
    }
    return causal && !zero;
  }

  /** A scalar constant factor: c for Mul, 1/c for Div. */
  private static double scalar(NodeIndex g, NodeProto n, String value, boolean divide) {
    float[] c = g.floats(value);
    if (c == null || c.length != 1) {
      throw new IdiomException(n, "scales attention scores by a constant that is"
          + " not one float; netc's multi_head_attention scales by 1/sqrt(key_dim)");
    }
    return divide ? 1.0 / c[0] : c[0];
  }

  /** From a value back through Reshape / Transpose / scaling by a constant to where Q, K or V is computed. */
  private record Path(String root, NodeProto reshape, double scale) {
    static Path back(NodeIndex g, String value, Set<NodeProto> nodes) {
      NodeProto reshape = null;
      double scale = 1;
      for (NodeProto n = g.producer(value); n != null; n = g.producer(value)) {
        switch (n.getOpType()) {
          case "Transpose" -> { }
          case "Reshape" -> reshape = reshape == null ? n : reshape;
          case "Mul", "Div" -> {
            float[] c = g.floats(n.getInput(1));
            if (c == null || c.length != 1) {
              return new Path(value, reshape, scale);
            }
            scale *= n.getOpType().equals("Div") ? 1.0 / c[0] : c[0];
          }
          default -> {
            return new Path(value, reshape, scale);
          }
        }
        nodes.add(n);
        value = n.getInput(0);
      }
      return new Path(value, reshape, scale);
    }
  }

  /** The way out: heads merged, the output projection, back to batch-first. */
  private record Output(Projection projection, String exit) {
    static Output after(NodeIndex g, NodeProto softmax, String value, boolean timeMajor, Set<NodeProto> nodes) {
      List<NodeProto> chain = new ArrayList<>();
      Projection projection = null;
      while (projection == null) {
        List<NodeProto> next = dataReaders(g, value);
        NodeProto n = next.size() == 1 ? next.get(0) : null;
        if (n == null || !Set.of("Transpose", "Reshape", "Gemm", "MatMul").contains(n.getOpType())) {
          throw new IdiomException(softmax, "the attention's weighted values "
              + value + " do not lead to an output projection (" + (n == null ? next.size() + " readers"
              : NodeIndex.describe(n)) + "); netc's multi_head_attention ends with one");
        }
        chain.add(n);
        value = n.getOutput(0);
        if (n.getOpType().equals("Gemm")) {
          projection = Projection.writing(g, value);
        } else if (n.getOpType().equals("MatMul")) {
          List<NodeProto> add = g.consumers(value);
          projection = add.size() == 1 ? Projection.writing(g, add.get(0).getOutput(0)) : null;
          projection = projection != null ? projection : Projection.matmul(g, n);
          value = projection != null && projection.nodes().size() == 2 ? add.get(0).getOutput(0) : value;
        }
        if (projection == null && Set.of("Gemm", "MatMul").contains(n.getOpType())) {
          throw new IdiomException(n, "the attention's output projection needs"
              + " constant weights");
        }
      }
      nodes.addAll(chain);
      nodes.addAll(projection.nodes());
      if (timeMajor) {
        while (true) {
          List<NodeProto> next = dataReaders(g, value);
          NodeProto n = next.size() == 1 ? next.get(0) : null;
          if (n == null || !Set.of("Transpose", "Reshape").contains(n.getOpType())) {
            throw new IdiomException(softmax, "the attention's result " + value
                + " is not transposed back to batch-first");
          }
          nodes.add(n);
          value = n.getOutput(0);
          if (n.getOpType().equals("Transpose")) {
            break;
          }
        }
      }
      return new Output(projection, value);
    }

    /** The readers of a value other than Shape nodes, which read only its dimensions. */
    private static List<NodeProto> dataReaders(NodeIndex g, String value) {
      return g.consumers(value).stream().filter(n -> !n.getOpType().equals("Shape")).toList();
    }
  }
}
