package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code time_dense(units, activation)}: one dense layer applied at every step of {@code [T, F]},
 * which is ONNX's {@code MatMul} of a {@code [batch, T, F]} value by a constant {@code [F, units]}
 * followed by the bias {@code Add} (PyTorch's {@code nn.Linear} on a sequence), then the
 * activation. {@link DenseMapping} owns {@code MatMul} and hands it the sequence case.
 */
final class TimeDenseMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("time_dense");
  }

  @Override
  public List<String> onnxOps() {
    return List.of();
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int in = cx.inputShape(node, 0)[1];
    int out = node.shape().dim(1);
    String product = cx.temp(node, "product");
    cx.add(node, "MatMul", List.of(cx.input(node, 0),
        cx.initializer(node.name() + ".weight", cx.param(node, "weight"), in, out)), List.of(product));
    String activation = node.args().enumArg("activation");
    boolean linear = activation.equals("linear");
    String biased = linear ? cx.output(node) : cx.temp(node, "linear");
    cx.add(node, "Add", List.of(product, cx.initializer(node.name() + ".bias", cx.param(node, "bias"), out)),
        List.of(biased));
    if (!linear) {
      ActivationMapping.emit(cx, node, activation, Double.NaN, biased, cx.output(node));
    }
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    throw cx.refuse(node, "is imported by the MatMul mapping");
  }

  /** A MatMul of a {@code [batch, T, F]} value by a constant {@code [F, units]}, its bias Add and activation. */
  static void importMatMul(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    Constant w = cx.requireConstant(node, 1, "weight");
    int[] in = x.onnxShape();
    if (w.rank() != 2 || w.isInteger() || w.dims()[0] != in[1]) {
      throw cx.refuse(node, "multiplies [batch, " + in[0] + ", " + in[1] + "] by " + w + "; netc maps a MatMul of a"
          + " sequence by a constant [" + in[1] + ", units] float matrix to time_dense");
    }
    int units = (int) w.dims()[1];
    float[] bias = new float[units];
    String output = node.getOutput(0);
    LayerBuilder layer = cx.layer(node, "time_dense").input(cx.inputAsOnnx(node, 0)).arg(Integer.toString(units));
    NodeProto add = cx.soleConsumer(output, "Add");
    if (add != null && add.getInputCount() == 2) {
      Constant c = cx.constant(add.getInput(0).equals(output) ? add.getInput(1) : add.getInput(0));
      if (c != null && !c.isInteger() && c.size() == units && c.dims()[c.rank() - 1] == units) {
        bias = c.floats().clone();
        layer.also(add);
        output = add.getOutput(0);
      }
    }
    ActivationMapping.Fused act = ActivationMapping.fusable(cx, output);
    if (act != null) {
      output = act.applyTo(layer);
    }
    layer.param("weight", w.floats().clone()).param("bias", bias).emit(output, new int[] {in[0], units});
  }
}
