package dev.netc.onnx.ops;

import static dev.netc.onnx.core.Attributes.ofInt;
import static dev.netc.onnx.core.Attributes.ofInts;
import static dev.netc.onnx.core.Attributes.ofString;

import com.google.protobuf.ByteString;
import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import dev.netc.onnx.idioms.RecurrentIdiom;
import dev.netc.onnx.idioms.RecurrentWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;

/**
 * {@code rnn}, {@code lstm}, {@code gru} and ONNX's {@code RNN}, {@code LSTM}, {@code GRU}, with
 * the nodes that carry netc's batch-first {@code [batch, T, F]} to ONNX's time-major {@code [T,
 * batch, F]} and back, as PyTorch writes them for {@code batch_first=True}.
 *
 * <p>Export: {@code Transpose[1,0,2]}, then per stacked layer the ONNX op (W, R, B converted by {@link
 * RecurrentWeights}; {@code linear_before_reset = 1} for gru; {@code direction} forward, reverse or
 * bidirectional; the initial state from {@code initial_state} / {@code initial_cell}, moved to
 * {@code [directions, batch, units]}), then back to batch-first: every step from {@code Y} ({@code
 * Squeeze} of the directions axis; two directions {@code Transpose[0,2,1,3] + Reshape[0,0,-1]}
 * for concat, {@code ReduceSum} for add; then {@code Transpose[1,0,2]}), or the final state from
 * {@code Y_h} ({@code Squeeze(0)}; {@code Transpose[1,0,2] + Reshape[0,-1]}; {@code ReduceSum(0)}).
 * A stacked layer below the top one gives every step, its directions merged time-major ({@code
 * Squeeze}, or {@code Transpose[0,2,1,3] + Reshape[0,0,-1]}), straight to the next layer's op, as
 * PyTorch writes {@code num_layers}. Import reads the same nodes ({@link RecurrentIdiom}, claimed before the node loop by {@link Fusions}).
 */
final class RecurrentMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("rnn", "lstm", "gru");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("RNN", "GRU", "LSTM");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    var args = node.args();
    RecurrentWeights cell = RecurrentWeights.valueOf(node.opName().toUpperCase(Locale.ROOT));
    int units = args.intArg("units");
    int layers = args.intArg("layers");
    int directions = args.boolArg("bidirectional") ? 2 : 1;
    int count = layers * directions;
    int input = 1;
    String h0 = args.values().containsKey("initial_state") ? cx.input(node, input++) : null;
    String c0 = args.values().containsKey("initial_cell") ? cx.input(node, input) : null;
    h0 = h0 == null ? null : directionsMajor(cx, node, h0, count, "h0");
    c0 = c0 == null ? null : directionsMajor(cx, node, c0, count, "c0");
    // one Transpose to time-major; the layers of a stack read each other's merged steps time-major
    String x = transpose(cx, node, cx.input(node, 0), "time_major", 1, 0, 2);
    int features = cx.inputShape(node, 0)[1];
    for (int layer = 0; layer < layers; layer++) {
      String h = layerState(cx, node, h0, count, layer, directions, "h0");
      String c = layerState(cx, node, c0, count, layer, directions, "c0");
      x = exportLayer(cx, node, cell, layer, features, x, h, c);
      features = directions * units;
    }
  }

  /**
   * One layer of the stack on the time-major {@code x}: the ONNX op, then for the top layer the way
   * back to batch-first into the node's output, for a layer below its steps merged, time-major,
   * which it returns.
   */
  private static String exportLayer(ExportContext cx, Node node, RecurrentWeights cell, int layer, int features,
      String x, String h0, String c0) {
    var args = node.args();
    boolean top = layer == args.intArg("layers") - 1;
    boolean sequences = !top || args.boolArg("sequences");
    boolean concat = !top || args.enumArg("merge").equals("concat");
    int units = args.intArg("units");
    int directions = args.boolArg("bidirectional") ? 2 : 1;
    int count = args.intArg("layers") * directions;
    int gh = cell.gates() * units;
    float[] w = new float[directions * gh * features];
    float[] r = new float[directions * gh * units];
    float[] b = new float[directions * 2 * gh];
    for (int d = 0; d < directions; d++) {
      String suffix = count == 1 ? "" : "_l" + layer + (d == 1 ? "_reverse" : "");
      System.arraycopy(cell.toOnnxMatrix(cx.param(node, "weight_ih" + suffix), features, units), 0, w,
          d * gh * features, gh * features);
      System.arraycopy(cell.toOnnxMatrix(cx.param(node, "weight_hh" + suffix), units, units), 0, r,
          d * gh * units, gh * units);
      float[] bias = switch (cell) {
        case RNN -> cell.toOnnxBias(cx.param(node, "bias" + suffix), null, units);
        case GRU -> cell.toOnnxBias(cx.param(node, "bias_ih" + suffix), cx.param(node, "bias_hh" + suffix), units);
        case LSTM -> cell.toOnnxBias(concat(cx, node, suffix, "bias_i", "bias_f", "bias_g", "bias_o"), null, units);
      };
      System.arraycopy(bias, 0, b, d * 2 * gh, 2 * gh);
    }
    String prefix = node.name() + (count == 1 ? "" : "_l" + layer);
    List<String> inputs = new ArrayList<>(List.of(
        x,
        cx.initializer(prefix + ".W", w, directions, gh, features),
        cx.initializer(prefix + ".R", r, directions, gh, units),
        cx.initializer(prefix + ".B", b, directions, 2 * gh)));
    if (h0 != null || c0 != null) {
      inputs.add("");
      inputs.add(h0 == null ? "" : h0);
    }
    if (c0 != null) {
      inputs.add(c0);
    }
    String y = sequences ? cx.temp(node, "Y" + layer) : "";
    String yh = sequences ? "" : cx.temp(node, "Y_h" + layer);
    List<AttributeProto> attributes = new ArrayList<>(List.of(ofInt("hidden_size", units),
        ofString("direction", directions == 2 ? "bidirectional" : args.boolArg("reverse") ? "reverse" : "forward")));
    if (cell == RecurrentWeights.GRU) {
      attributes.add(ofInt("linear_before_reset", 1));
    }
    if (cell == RecurrentWeights.RNN) {
      String act = args.enumArg("activation").equals("relu") ? "Relu" : "Tanh";
      AttributeProto.Builder a = AttributeProto.newBuilder().setName("activations")
          .setType(AttributeProto.AttributeType.STRINGS);
      for (int d = 0; d < directions; d++) {
        a.addStrings(ByteString.copyFromUtf8(act));
      }
      attributes.add(a.build());
    }
    cx.add(node, cell.name(), inputs, sequences ? List.of(y) : List.of(y, yh),
        attributes.toArray(AttributeProto[]::new));
    if (sequences) {
      String merged;
      if (directions == 1) {
        merged = cx.temp(node, "squeezed" + layer);
        cx.add(node, "Squeeze", List.of(y, cx.ints(node.name() + ".directions_axis", 1)), List.of(merged));
      } else if (concat) {
        String moved = transpose(cx, node, y, "directions_last" + layer, 0, 2, 1, 3);
        merged = cx.temp(node, "concatenated" + layer);
        cx.add(node, "Reshape", List.of(moved, cx.ints(node.name() + ".concat_shape", 0, 0, -1)), List.of(merged));
      } else {
        merged = cx.temp(node, "added" + layer);
        cx.add(node, "ReduceSum", List.of(y, cx.ints(node.name() + ".directions_axis", 1)), List.of(merged),
            ofInt("keepdims", 0));
      }
      if (!top) {
        return merged;
      }
      cx.add(node, "Transpose", merged, cx.output(node), ofInts("perm", 1, 0, 2));
    } else if (directions == 1) {
      cx.add(node, "Squeeze", List.of(yh, cx.ints(node.name() + ".directions_axis", 0)), List.of(cx.output(node)));
    } else if (concat) {
      String moved = transpose(cx, node, yh, "final_batch_first", 1, 0, 2);
      cx.add(node, "Reshape", List.of(moved, cx.ints(node.name() + ".concat_shape", 0, -1)),
          List.of(cx.output(node)));
    } else {
      cx.add(node, "ReduceSum", List.of(yh, cx.ints(node.name() + ".directions_axis", 0)), List.of(cx.output(node)),
          ofInt("keepdims", 0));
    }
    return cx.output(node);
  }

  private static float[] concat(ExportContext cx, Node node, String suffix, String... roles) {
    List<float[]> parts = new ArrayList<>();
    int n = 0;
    for (String role : roles) {
      float[] p = cx.param(node, role + suffix);
      parts.add(p);
      n += p.length;
    }
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static String transpose(ExportContext cx, Node node, String in, String what, long... perm) {
    String out = cx.temp(node, what);
    cx.add(node, "Transpose", in, out, ofInts("perm", perm));
    return out;
  }

  /**
   * netc's batch-first initial state ({@code [batch, H]} for one layer and direction, else {@code
   * [batch, count, H]}) as ONNX's {@code [count, batch, H]}.
   */
  private static String directionsMajor(ExportContext cx, Node node, String value, int count, String what) {
    if (count == 1) {
      String out = cx.temp(node, what + "_unsqueezed");
      cx.add(node, "Unsqueeze", List.of(value, cx.ints(node.name() + "." + what + "_axis", 0)), List.of(out));
      return out;
    }
    return transpose(cx, node, value, what + "_directions_major", 1, 0, 2);
  }

  /** The rows of {@code [count, batch, H]} that belong to {@code layer}, or all of them for one layer. */
  private static String layerState(ExportContext cx, Node node, String state, int count, int layer,
      int directions, String what) {
    if (state == null || count == directions) {
      return state;
    }
    String out = cx.temp(node, what + "_l" + layer);
    cx.add(node, "Slice", List.of(state, cx.ints(node.name() + "." + what + "_l" + layer + "_start", layer * directions),
        cx.ints(node.name() + "." + what + "_l" + layer + "_end", (layer + 1) * directions),
        cx.ints(node.name() + "." + what + "_axis0", 0)), List.of(out));
    return out;
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    // Fusions claims every RNN, GRU and LSTM with its wrapping before the node loop reaches it
    throw cx.refuse(node, "is not wrapped as a batch-first recurrent layer netc maps");
  }

  /** Writes the netc layer for {@code r}, whose nodes are claimed. */
  static void emit(ImportContext cx, NodeProto origin, RecurrentIdiom r) throws OnnxImportException {
    Value x = cx.value(r.entry());
    if (x == null || x.onnxShape().length != 2) {
      throw cx.refuse(r.nodes().iterator().next(), "reads " + r.entry() + (x == null ? ", which is no network value"
          : " of per-example shape " + java.util.Arrays.toString(x.onnxShape()) + "; netc's recurrent layers read"
          + " [T, F] per example"));
    }
    String op = r.cell().name().toLowerCase(Locale.ROOT);
    LayerBuilder layer = cx.layer(origin, op).input(cx.asOnnxShape(r.entry())).arg(Integer.toString(r.units()));
    if (r.relu()) {
      layer.arg("activation", "relu");
    }
    if (r.sequences()) {
      layer.arg("sequences", "true");
    }
    if (r.layers() > 1) {
      layer.arg("layers", Integer.toString(r.layers()));
    }
    if (r.reverse()) {
      layer.arg("reverse", "true");
    }
    if (r.bidirectional()) {
      layer.arg("bidirectional", "true");
      if (!r.concat()) {
        layer.arg("merge", "add");
      }
    }
    state(cx, origin, layer, "initial_state", r.initialState());
    state(cx, origin, layer, "initial_cell", r.initialCell());
    for (Map.Entry<String, float[]> p : r.parameters().entrySet()) {
      layer.param(p.getKey(), p.getValue());
    }
    int width = r.bidirectional() && r.concat() ? 2 * r.units() : r.units();
    int steps = x.onnxShape()[0];
    layer.emit(r.exit(), r.sequences() ? new int[] {steps, width} : new int[] {width});
  }

  private static void state(ImportContext cx, NodeProto origin, LayerBuilder layer, String arg, String value)
      throws OnnxImportException {
    if (value == null) {
      return;
    }
    if (cx.value(value) == null) {
      throw cx.refuse(origin, "its " + arg + " " + value + " is no value computed by the network");
    }
    layer.arg(arg, cx.asOnnxShape(value));
  }
}
