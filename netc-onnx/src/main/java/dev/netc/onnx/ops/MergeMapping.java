package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * The element-wise merges {@code add} (any number of inputs), {@code sub} and {@code mul}, and
 * ONNX's {@code Add}, {@code Sub}, {@code Mul} and {@code Sum} of network values (a residual
 * connection). Operands have one shape, or one is per channel: netc's {@code [C]} against {@code
 * [C, ...]}, which is ONNX's {@code [C, 1, ...]} (ONNX broadcasts from the last axis, so export
 * reshapes the {@code [C]} operand). A constant operand (a bias or a scale outside a dense or
 * convolution) has no netc layer and is refused; a {@code Mul} by {@code 1/sqrt 2} starting a GELU
 * is the activation's.
 */
final class MergeMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("add", "sub", "mul");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Add", "Sub", "Mul", "Sum");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int[] full = node.shape().dims();
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < node.inputs().size(); i++) {
      int[] own = cx.inputShape(node, i);
      String in = cx.input(node, i);
      if (own.length == 1 && full.length > 1) {
        // per channel: [C] -> [C, 1, ...] so ONNX's trailing-axis broadcast lines it up with channels
        long[] shape = new long[full.length + 1];
        Arrays.fill(shape, 1);
        shape[0] = -1;
        shape[1] = own[0];
        String reshaped = cx.temp(node, "per_channel_" + i);
        cx.add(node, "Reshape", List.of(in, cx.ints(node.name() + ".per_channel_shape", shape)), List.of(reshaped));
        in = reshaped;
      }
      inputs.add(in);
    }
    String type = switch (node.opName()) {
      case "add" -> inputs.size() == 2 ? "Add" : "Sum";
      case "sub" -> "Sub";
      default -> "Mul";
    };
    cx.add(node, type, inputs, List.of(cx.output(node)));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    if (node.getOpType().equals("Mul") && GeluPattern.tryImport(cx, node)) {
      return;
    }
    if (node.getOpType().equals("Add") && PositionalEmbeddingMapping.tryImport(cx, node)) {
      return;
    }
    int n = node.getInputCount();
    if (n < 2 && !node.getOpType().equals("Sum")) {
      throw cx.refuse(node, "needs two inputs");
    }
    for (int i = 0; i < n; i++) {
      if (cx.constant(node.getInput(i)) != null) {
        throw cx.refuse(node, "input " + i + " (\"" + node.getInput(i) + "\") is a constant; netc " + name(node)
            + " merges values computed by the network (a constant bias or scale belongs to a dense or"
            + " convolution layer before it)");
      }
    }
    if (n == 1) {
      cx.bind(node.getOutput(0), cx.input(node, 0));
      return;
    }
    int[] full = null;
    for (int i = 0; i < n; i++) {
      int[] s = cx.input(node, i).onnxShape();
      if (full == null || s.length > full.length || s.length == full.length && size(s) > size(full)) {
        full = s;
      }
    }
    LayerBuilder layer = cx.layer(node, name(node));
    for (int i = 0; i < n; i++) {
      Value v = cx.input(node, i);
      if (Arrays.equals(v.onnxShape(), full)) {
        layer.input(cx.inputAsOnnx(node, i));
      } else if (perChannel(v.onnxShape(), full)) {
        layer.input(v.netcShape().length == 1 ? v.netc() : flat(cx, node, i));
      } else {
        throw cx.refuse(node, "input " + i + " has per-example shape " + Arrays.toString(v.onnxShape()) + " and another "
            + Arrays.toString(full) + "; netc merges equal shapes, or a per-channel [C, 1, ...] with [C, ...]");
      }
    }
    layer.emit(node.getOutput(0), full);
  }

  /** The netc name of input {@code i} flattened to {@code [C]}. */
  private static String flat(ImportContext cx, NodeProto node, int i) throws OnnxImportException {
    String flatName = node.getInput(i) + "/per_channel";
    Value done = cx.value(flatName);
    if (done != null) {
      return done.netc();
    }
    Value v = cx.input(node, i);
    return cx.layer(node, "flatten").helper(v.netc() + "_per_channel", "netc's per-channel [C] operand of "
        + node.getOpType() + (node.getName().isEmpty() ? "" : " \"" + node.getName() + "\""))
        .input(v.netc()).emit(flatName, new int[] {(int) v.size()});
  }

  /** {@code [C, 1, ..., 1]} against {@code full = [C, ...]} of the same rank. */
  private static boolean perChannel(int[] s, int[] full) {
    if (s.length != full.length || full.length < 2 || s[0] != full[0]) {
      return false;
    }
    for (int i = 1; i < s.length; i++) {
      if (s[i] != 1) {
        return false;
      }
    }
    return true;
  }

  private static long size(int[] s) {
    long n = 1;
    for (int d : s) {
      n *= d;
    }
    return n;
  }

  private static String name(NodeProto node) {
    return switch (node.getOpType()) {
      case "Sub" -> "sub";
      case "Mul" -> "mul";
      default -> "add";
    };
  }
}
