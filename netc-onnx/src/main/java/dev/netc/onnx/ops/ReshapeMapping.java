package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.NetSource;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code flatten} / {@code reshape} and {@code Flatten}, {@code Reshape}, {@code Squeeze},
 * {@code Unsqueeze} on network values. Both frameworks are row-major and channels-first, so these
 * only relabel the per-example dims: netc's are views (no copy). The batch axis must stay first and
 * alone: Flatten with {@code axis=1}, a Reshape whose shape is a constant (or folded from {@code
 * Shape}) starting with the batch, 0 or -1; a shape computed at run time or one that moves the
 * batch is refused.
 */
final class ReshapeMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("flatten", "reshape");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Flatten", "Reshape", "Squeeze", "Unsqueeze");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    if (node.opName().equals("flatten")) {
      cx.add(node, "Flatten", cx.input(node, 0), cx.output(node), Attributes.ofInt("axis", 1));
      return;
    }
    int[] dims = node.shape().dims();
    long[] shape = new long[dims.length + 1];
    shape[0] = -1;
    for (int i = 0; i < dims.length; i++) {
      shape[i + 1] = dims[i];
    }
    cx.add(node, "Reshape", List.of(cx.input(node, 0), cx.ints(node.name() + ".shape", shape)),
        List.of(cx.output(node)));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    int[] target = switch (node.getOpType()) {
      case "Flatten" -> flatten(cx, node, x);
      case "Reshape" -> reshape(cx, node, x);
      default -> squeeze(cx, node, x, node.getOpType().equals("Unsqueeze"));
    };
    if (Arrays.equals(target, x.netcShape())) {
      cx.bind(node.getOutput(0), new Value(x.netc(), x.netcShape(), target, false));
      return;
    }
    if (target.length == 1) {
      cx.layer(node, "flatten").input(x.netc()).emit(node.getOutput(0), target);
    } else {
      cx.layer(node, "reshape").input(x.netc()).arg(NetSource.list(target)).emit(node.getOutput(0), target);
    }
  }

  private static int[] flatten(ImportContext cx, NodeProto node, Value x) throws OnnxImportException {
    long axis = Attributes.getInt(node, "axis", 1);
    if (axis != 1 && axis != 1 - x.onnxRank()) {
      throw cx.refuse(node, "axis " + axis + " folds the batch axis into the features (or splits the features);"
          + " netc flattens each example: axis=1");
    }
    return new int[] {(int) x.size()};
  }

  private static int[] reshape(ImportContext cx, NodeProto node, Value x) throws OnnxImportException {
    Constant shape = cx.constant(node.getInputCount() > 1 ? node.getInput(1) : "");
    if (shape == null) {
      throw cx.refuse(node, "its shape is computed at run time (a dynamic reshape); netc reshapes to a constant"
          + " shape, so the shape must be an initializer, a Constant or a foldable Shape computation");
    }
    if (Attributes.getInt(node, "allowzero", 0) != 0) {
      throw cx.refuse(node, "allowzero=1 is not supported");
    }
    long[] s = shape.longs() == null ? shape.asLongs() : shape.longs();
    if (s.length > 0 && s[0] > 0 && s[0] == cx.fixedBatch()) {
      s[0] = 0;
    }
    if (s.length == 0 || !(s[0] == Constant.BATCH || s[0] == 0 || s[0] == -1)) {
      throw cx.refuse(node, "its shape " + shape + " does not keep the batch axis first (batch, 0 or -1 there);"
          + " netc reshapes each example");
    }
    long[] rest = Arrays.copyOfRange(s, 1, s.length);
    long known = 1;
    int infer = -1;
    for (int i = 0; i < rest.length; i++) {
      if (rest[i] == 0) {
        if (i + 1 >= x.onnxRank()) {
          throw cx.refuse(node, "its shape " + shape + " copies dim " + (i + 1) + " the input does not have");
        }
        rest[i] = x.onnxShape()[i];
      }
      if (rest[i] == -1 && s[0] != -1 && infer < 0) {
        infer = i;
      } else if (rest[i] <= 0) {
        throw cx.refuse(node, "its shape " + shape + " leaves a per-example dim unknown; netc needs them fixed");
      } else {
        known *= rest[i];
      }
    }
    if (infer >= 0 && known > 0 && x.size() % known == 0) {
      rest[infer] = x.size() / known;
      known = x.size();
    }
    if (known != x.size()) {
      throw cx.refuse(node, "its shape " + shape + " does not hold the input's " + x.size() + " values per example "
          + DenseMapping.shape(x));
    }
    return Arrays.stream(rest).mapToInt(Math::toIntExact).toArray();
  }

  private static int[] squeeze(ImportContext cx, NodeProto node, Value x, boolean unsqueeze)
      throws OnnxImportException {
    long[] axes = ImportContext.hasInput(node, 1) ? cx.requireConstant(node, 1, "axes").asLongs()
        : Attributes.getInts(node, "axes", null);
    List<Integer> dims = new ArrayList<>();
    dims.add(-1);
    for (int d : x.onnxShape()) {
      dims.add(d);
    }
    if (axes == null) {
      if (unsqueeze) {
        throw cx.refuse(node, "Unsqueeze needs axes");
      }
      dims.removeIf(d -> d == 1);
    } else if (unsqueeze) {
      int rank = dims.size() + axes.length;
      long[] sorted = Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).sorted().toArray();
      for (long a : sorted) {
        if (a <= 0 || a > dims.size()) {
          throw cx.refuse(node, "axis " + a + " is the batch axis or out of range");
        }
        dims.add((int) a, 1);
      }
    } else {
      int rank = dims.size();
      long[] sorted = Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).sorted().toArray();
      for (int i = sorted.length - 1; i >= 0; i--) {
        int a = (int) sorted[i];
        if (a <= 0 || a >= dims.size() || dims.get(a) != 1) {
          throw cx.refuse(node, "axis " + sorted[i] + " is the batch axis, out of range or not of size 1");
        }
        dims.remove(a);
      }
    }
    if (dims.size() < 2) {
      throw cx.refuse(node, "it leaves no per-example dims; netc values have at least one");
    }
    return dims.subList(1, dims.size()).stream().mapToInt(Integer::intValue).toArray();
  }
}
