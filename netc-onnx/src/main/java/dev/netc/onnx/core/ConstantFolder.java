package dev.netc.onnx.core;

import dev.netc.onnx.OnnxImportException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

/**
 * Evaluates the nodes whose outputs are known before run time: {@code Constant} nodes, and the
 * shape arithmetic exporters write around reshapes and initial states ({@code Shape -> Gather ->
 * Unsqueeze -> Concat -> Reshape} for a flatten). {@code Shape} of a network value gives its static
 * per-example dims behind a symbolic batch size ({@link Constant#BATCH}), which data movement
 * (Gather, Concat, Slice, Cast...) keeps and arithmetic refuses: a node that would compute with the
 * batch size is left for the op mappings, which see its output as computed at run time.
 */
public final class ConstantFolder {
  /** The op types this class may fold; Identity and Dropout only of a constant. */
  public static final Set<String> FOLDABLE = Set.of("Constant", "Identity", "Dropout", "Shape", "Gather",
      "Unsqueeze", "Squeeze", "Concat", "Slice", "Cast", "Reshape", "Flatten", "ConstantOfShape", "Add", "Sub",
      "Mul", "Div", "Neg", "Sqrt", "Transpose");

  private ConstantFolder() {}

  /**
   * Folds {@code node} when every input it reads is known (for Shape: when its input's shape is);
   * returns whether it did, after recording its outputs as constants.
   */
  public static boolean fold(ImportContext cx, NodeProto node) throws OnnxImportException {
    if (!FOLDABLE.contains(node.getOpType())) {
      return false;
    }
    Constant result;
    try {
      result = evaluate(cx, node);
    } catch (Folding.TooLarge e) {
      throw new OnnxImportException(node.getName(), node.getOpType(), "computes a constant netc will not fold: "
          + e.getMessage() + " (netc folds shape arithmetic; weights belong in initializers)");
    }
    if (result == null) {
      return false;
    }
    cx.setConstant(node.getOutput(0), result);
    return true;
  }

  private static Constant evaluate(ImportContext cx, NodeProto node) throws OnnxImportException {
    String op = node.getOpType();
    if (op.equals("Constant")) {
      return constantNode(cx, node);
    }
    if (op.equals("Shape")) {
      Value v = cx.value(node.getInput(0));
      Constant c = cx.constant(node.getInput(0));
      if (c != null) {
        return Constant.ofLongs(c.dims().clone(), c.rank());
      }
      if (v == null) {
        return null;
      }
      long[] dims = new long[v.onnxRank()];
      dims[0] = Constant.BATCH;
      for (int i = 0; i < v.onnxShape().length; i++) {
        dims[i + 1] = v.onnxShape()[i];
      }
      long start = Attributes.getInt(node, "start", 0);
      long end = Attributes.getInt(node, "end", dims.length);
      int s = (int) clamp(start < 0 ? start + dims.length : start, dims.length);
      int e = (int) clamp(end < 0 ? end + dims.length : end, dims.length);
      long[] part = Arrays.copyOfRange(dims, s, Math.max(s, e));
      return Constant.ofLongs(part, part.length);
    }
    List<Constant> in = new ArrayList<>();
    for (int i = 0; i < node.getInputCount(); i++) {
      if (node.getInput(i).isEmpty()) {
        in.add(null);
        continue;
      }
      Constant c = cx.constant(node.getInput(i));
      if (c == null) {
        return null;
      }
      in.add(c);
    }
    if (in.isEmpty() || in.get(0) == null) {
      return null;
    }
    Constant x = in.get(0);
    return switch (op) {
      case "Identity", "Dropout" -> x;
      case "Gather" -> Folding.gather(x, in.get(1), (int) Attributes.getInt(node, "axis", 0));
      case "Unsqueeze" -> Folding.unsqueeze(x, axes(cx, node, in));
      case "Squeeze" -> Folding.squeeze(x, axes(cx, node, in));
      case "Concat" -> Folding.concat(in, (int) Attributes.getInt(node, "axis", 0));
      case "Slice" -> Folding.slice(x, in);
      case "Cast" -> Folding.cast(x, (int) Attributes.getInt(node, "to", TensorProto.DataType.FLOAT_VALUE));
      case "Reshape" -> in.size() < 2 || in.get(1).hasBatch() || x.hasBatch() ? null
          : Folding.reshape(x, Shapes.resolveReshape(x.dims(), in.get(1).asLongs()));
      case "Flatten" -> x.hasBatch() ? null : Folding.flatten(x, (int) Attributes.getInt(node, "axis", 1));
      case "ConstantOfShape" -> x.hasBatch() ? null : Folding.constantOfShape(x, constantOfShapeValue(node));
      case "Add", "Sub", "Mul", "Div" -> in.size() < 2 ? null : Folding.arithmetic(op, x, in.get(1));
      case "Neg" -> x.hasBatch() ? null : Folding.arithmetic("Sub", Constant.ofLongs(new long[] {0}), x);
      case "Sqrt" -> x.hasBatch() ? null : Folding.sqrt(x);
      case "Transpose" -> x.hasBatch() ? null : Folding.transpose(x, Attributes.getInts(node, "perm", null));
      default -> null;
    };
  }

  private static long clamp(long v, long n) {
    return Math.max(0, Math.min(v, n));
  }

  /** Unsqueeze and Squeeze axes: an input from opset 13, an attribute before. */
  private static long[] axes(ImportContext cx, NodeProto node, List<Constant> in) {
    if (in.size() > 1 && in.get(1) != null) {
      return in.get(1).asLongs();
    }
    return Attributes.getInts(node, "axes", null);
  }

  private static Constant constantOfShapeValue(NodeProto node) {
    AttributeProto a = Attributes.find(node, "value");
    if (a == null) {
      return Constant.ofFloats(new float[] {0f}, 1);
    }
    return fromTensor(a.getT());
  }

  private static Constant constantNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    if (node.getAttributeCount() != 1) {
      throw cx.refuse(node, "a Constant node needs exactly one value attribute, it has "
          + Attributes.names(node));
    }
    AttributeProto a = node.getAttribute(0);
    Constant c = switch (a.getName()) {
      case "value" -> fromTensor(a.getT());
      case "value_float" -> Constant.ofFloats(new float[] {a.getF()});
      case "value_floats" -> {
        float[] v = new float[a.getFloatsCount()];
        for (int i = 0; i < v.length; i++) {
          v[i] = a.getFloats(i);
        }
        yield Constant.ofFloats(v, v.length);
      }
      case "value_int" -> Constant.ofLongs(new long[] {a.getI()});
      case "value_ints" -> {
        long[] v = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        yield Constant.ofLongs(v, v.length);
      }
      default -> null;
    };
    if (c == null) {
      throw cx.refuse(node, "netc reads Constant values given as value, value_float(s) or value_int(s), not "
          + a.getName());
    }
    return c;
  }

  /** A tensor's values as a constant, or null when netc cannot read its type. */
  public static Constant fromTensor(TensorProto t) {
    if (Tensors.isExternal(t)) {
      return null;
    }
    long[] dims = Tensors.dims(t);
    if (Tensors.isFloating(t)) {
      float[] v = Tensors.toFloats(t);
      return v == null ? null : Constant.ofFloats(v, dims);
    }
    long[] v = Tensors.toLongs(t);
    return v == null ? null : Constant.ofLongs(v, dims);
  }
}
