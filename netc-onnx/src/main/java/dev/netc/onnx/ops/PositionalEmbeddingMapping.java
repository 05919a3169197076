package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import dev.netc.runtime.PositionalEncoding;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code positional_embedding(kind)}: the sequence plus a constant {@code [T, D]} table, broadcast
 * over the batch, which is ONNX's {@code Add(x, table)}: the learned table, or netc's sinusoidal
 * one written out. Import takes an {@code Add} of a {@code [batch, T, D]} value and a constant
 * {@code [T, D]} (or {@code [1, T, D]}) float table ({@link MergeMapping} hands it over): kind
 * sinusoidal when the table is exactly netc's, else learned with that table.
 */
final class PositionalEmbeddingMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("positional_embedding");
  }

  @Override
  public List<String> onnxOps() {
    return List.of();
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int[] in = cx.inputShape(node, 0);
    float[] table = node.args().enumArg("kind").equals("learned") ? cx.param(node, "table")
        : PositionalEncoding.sinusoidal(in[0], in[1]).clone();
    cx.add(node, "Add", List.of(cx.input(node, 0), cx.initializer(node.name() + ".table", table, in[0], in[1])),
        List.of(cx.output(node)));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    throw cx.refuse(node, "is imported by the Add mapping");
  }

  /** Imports {@code add} when it adds a constant position table to a sequence; false, touching nothing, otherwise. */
  static boolean tryImport(ImportContext cx, NodeProto add) throws OnnxImportException {
    if (add.getInputCount() != 2) {
      return false;
    }
    for (int side = 0; side < 2; side++) {
      Constant table = cx.constant(add.getInput(side));
      Value x = cx.value(add.getInput(1 - side));
      if (table == null || x == null || table.isInteger() || x.onnxShape().length != 2) {
        continue;
      }
      int[] in = x.onnxShape();
      long[] dims = table.dims();
      boolean fits = dims.length >= 2 && dims[dims.length - 2] == in[0] && dims[dims.length - 1] == in[1]
          && Arrays.stream(dims, 0, dims.length - 2).allMatch(d -> d == 1);
      if (!fits) {
        continue;
      }
      boolean sinusoidal = Arrays.equals(table.floats(), PositionalEncoding.compute(in[0], in[1]));
      var layer = cx.layer(add, "positional_embedding").input(cx.inputAsOnnx(add, 1 - side))
          .arg("kind", sinusoidal ? "sinusoidal" : "learned");
      if (!sinusoidal) {
        layer.param("table", table.floats().clone());
      }
      layer.emit(add.getOutput(0), in);
      return true;
    }
    return false;
  }
}
