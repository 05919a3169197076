package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code slice(axis, from, to)} and {@code Slice} of a network value along one axis after the
 * batch with step 1 (a Slice of constants is folded before it gets here). ONNX clamps bounds to
 * the axis, as Python does; netc refuses out-of-range bounds, so import writes the clamped ones.
 */
final class SliceMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("slice");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Slice");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int[] in = cx.inputShape(node, 0);
    int axis = node.args().intArg("axis");
    axis = axis < 0 ? axis + in.length : axis;
    int dim = in[axis];
    long from = node.args().intArg("from");
    long to = node.args().intArg("to");
    from = from < 0 ? from + dim : from;
    to = to < 0 ? to + dim : to;
    cx.add(node, "Slice", List.of(cx.input(node, 0), cx.ints(node.name() + ".starts", from),
        cx.ints(node.name() + ".ends", to), cx.ints(node.name() + ".axes", axis + 1)), List.of(cx.output(node)));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    int rank = x.onnxRank();
    long[] starts = cx.requireConstant(node, 1, "starts").asLongs();
    long[] ends = cx.requireConstant(node, 2, "ends").asLongs();
    long[] axes = ImportContext.hasInput(node, 3) ? cx.requireConstant(node, 3, "axes").asLongs() : new long[] {0};
    long[] steps = ImportContext.hasInput(node, 4) ? cx.requireConstant(node, 4, "steps").asLongs() : new long[] {1};
    if (starts.length != 1 || ends.length != 1 || axes.length != 1 || steps.length != 1 || steps[0] != 1) {
      throw cx.refuse(node, "slices " + starts.length + " axes" + (steps.length == 1 ? "" : " with steps")
          + (steps.length == 1 && steps[0] != 1 ? " with step " + steps[0] : "")
          + "; netc's slice keeps one range of one axis, step 1");
    }
    long axis = axes[0] < 0 ? axes[0] + rank : axes[0];
    if (axis < 1 || axis >= rank) {
      throw cx.refuse(node, "slices axis " + axes[0] + " of a rank-" + rank + " value; netc slices an axis after"
          + " the batch");
    }
    int[] shape = x.onnxShape().clone();
    int dim = shape[(int) axis - 1];
    long from = clamp(starts[0], dim);
    long to = clamp(ends[0], dim);
    if (to <= from) {
      throw cx.refuse(node, "keeps nothing of axis " + axis + " (from " + starts[0] + " to " + ends[0] + " of "
          + dim + "); netc's slice keeps at least one index");
    }
    shape[(int) axis - 1] = (int) (to - from);
    cx.layer(node, "slice").input(cx.inputAsOnnx(node, 0)).arg("axis", Long.toString(axis - 1))
        .arg("from", Long.toString(from)).arg("to", Long.toString(to)).emit(node.getOutput(0), shape);
  }

  /** ONNX's (and Python's) reading of a bound: negative counts from the end, then clamped to [0, dim]. */
  private static long clamp(long bound, int dim) {
    long b = bound == Constant.BATCH ? dim : bound < 0 ? bound + dim : bound;
    return Math.max(0, Math.min(dim, b));
  }
}
