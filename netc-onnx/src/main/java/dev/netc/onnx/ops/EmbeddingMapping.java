package dev.netc.onnx.ops;

import static dev.netc.onnx.core.Attributes.getInt;
import static dev.netc.onnx.core.Attributes.ofInt;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

/**
 * {@code embedding(vocab, dim)} and {@code Gather}. Export: {@code Gather(table [vocab, dim],
 * ids)}, the ids an int64 graph input (a float value is cast first). Import: a {@code Gather} of a
 * constant 2-d float table by token ids (PyTorch's {@code nn.Embedding}) is an embedding; a
 * {@code Gather} of a network value by one constant index along a non-batch axis (PyTorch's {@code
 * out[:, -1]}) is a {@code slice} keeping that index, the axis dropped in ONNX's view of it.
 */
final class EmbeddingMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("embedding");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Gather");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int vocab = node.args().intArg("vocab");
    int dim = node.args().intArg("dim");
    String ids = cx.input(node, 0);
    if (!node.inputs().get(0).isIntegerInput()) {
      String cast = cx.temp(node, "ids");
      cx.add(node, "Cast", ids, cast, ofInt("to", TensorProto.DataType.INT64_VALUE));
      ids = cast;
    }
    cx.add(node, "Gather", List.of(cx.initializer(node.name() + ".table", cx.param(node, "table"), vocab, dim), ids),
        List.of(cx.output(node)), ofInt("axis", 0));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Constant table = cx.constant(node.getInput(0));
    if (table != null) {
      embedding(cx, node, table);
    } else {
      index(cx, node);
    }
  }

  private static void embedding(ImportContext cx, NodeProto node, Constant table) throws OnnxImportException {
    if (table.rank() != 2 || table.isInteger() || getInt(node, "axis", 0) != 0) {
      throw cx.refuse(node, "gathers from the constant " + table + (getInt(node, "axis", 0) != 0 ? " along axis "
          + getInt(node, "axis", 0) : "") + "; netc maps a Gather of rows of a 2-d float table (an embedding)");
    }
    Value ids = cx.input(node, 1);
    if (!ids.integer()) {
      throw cx.refuse(node, "looks up rows by \"" + node.getInput(1) + "\", which is not an int64 input of token ids;"
          + " netc's embedding reads an int[T] input");
    }
    int vocab = (int) table.dims()[0];
    int dim = (int) table.dims()[1];
    int[] shape = Arrays.copyOf(ids.onnxShape(), ids.onnxShape().length + 1);
    shape[shape.length - 1] = dim;
    cx.layer(node, "embedding").input(cx.asOnnxShape(node.getInput(1))).arg("vocab", Integer.toString(vocab))
        .arg("dim", Integer.toString(dim)).param("table", table.floats().clone()).emit(node.getOutput(0), shape);
  }

  /** One constant index along a non-batch axis: a slice keeping it, the axis dropped in ONNX's shape. */
  private static void index(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    Constant index = cx.constant(node.getInput(1));
    int rank = x.onnxRank();
    long axis = getInt(node, "axis", 0);
    axis = axis < 0 ? axis + rank : axis;
    if (index == null || !index.isInteger() || index.size() != 1 || index.rank() > 1 || axis <= 0 || axis >= rank) {
      throw cx.refuse(node, "gathers " + (index == null ? "indices computed at run time" : "indices " + index)
          + " along axis " + getInt(node, "axis", 0) + "; netc maps a Gather of one constant index along an axis"
          + " after the batch (a slice) or of embedding rows");
    }
    int[] in = x.onnxShape();
    int dim = in[(int) axis - 1];
    long k = index.asLongs()[0] < 0 ? index.asLongs()[0] + dim : index.asLongs()[0];
    if (k < 0 || k >= dim) {
      throw cx.refuse(node, "index " + index.asLongs()[0] + " is outside axis " + axis + " of size " + dim);
    }
    int[] kept = in.clone();
    kept[(int) axis - 1] = 1;
    int[] dropped = new int[in.length - (index.rank() == 0 ? 1 : 0)];
    for (int i = 0, j = 0; i < in.length; i++) {
      if (i != axis - 1 || index.rank() == 1) {
        dropped[j++] = i == axis - 1 ? 1 : in[i];
      }
    }
    cx.layer(node, "slice").input(cx.inputAsOnnx(node, 0)).arg("axis", Long.toString(axis - 1))
        .arg("from", Long.toString(k)).arg("to", Long.toString(k + 1)).emit(node.getOutput(0), kept, dropped);
  }
}
