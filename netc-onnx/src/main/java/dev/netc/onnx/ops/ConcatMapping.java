package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
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
 * {@code concat(axis)} and {@code Concat}: netc counts axes per example, ONNX with the batch first,
 * so a non-negative axis is one more in ONNX (a negative one counts from the end in both). Joining
 * along the batch axis, or a constant operand, is refused.
 */
final class ConcatMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("concat");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Concat");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    long axis = node.args().intArg("axis");
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < node.inputs().size(); i++) {
      inputs.add(cx.input(node, i));
    }
    cx.add(node, "Concat", inputs, List.of(cx.output(node)), Attributes.ofInt("axis", axis < 0 ? axis : axis + 1));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value first = cx.input(node, 0);
    int rank = first.onnxRank();
    long axis = Attributes.getInt(node, "axis", 0);
    long normalized = axis < 0 ? axis + rank : axis;
    if (normalized <= 0 || normalized >= rank) {
      throw cx.refuse(node, "axis " + axis + (normalized == 0 ? " joins along the batch axis" : " is out of range")
          + "; netc concatenates the features of each example");
    }
    int a = (int) normalized - 1;
    int[] out = first.onnxShape().clone();
    out[a] = 0;
    LayerBuilder layer = cx.layer(node, "concat");
    for (int i = 0; i < node.getInputCount(); i++) {
      if (cx.constant(node.getInput(i)) != null) {
        throw cx.refuse(node, "input " + i + " (\"" + node.getInput(i) + "\") is a constant; netc concatenates"
            + " values computed by the network");
      }
      Value v = cx.input(node, i);
      int[] s = v.onnxShape();
      boolean fits = s.length == out.length;
      for (int d = 0; fits && d < s.length; d++) {
        fits = d == a || s[d] == first.onnxShape()[d];
      }
      if (!fits) {
        throw cx.refuse(node, "input " + i + " has per-example shape " + Arrays.toString(s) + ", which does not line"
            + " up with " + Arrays.toString(first.onnxShape()) + " outside axis " + axis);
      }
      out[a] += s[a];
      layer.input(cx.inputAsOnnx(node, i));
    }
    if (a != 0) {
      layer.arg("axis", Integer.toString(a));
    }
    layer.emit(node.getOutput(0), out);
  }
}
