package dev.netc.onnx.ops;

import static dev.netc.onnx.core.Attributes.getFloat;
import static dev.netc.onnx.core.Attributes.getInt;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code dense(units)} and {@code Gemm} / {@code MatMul (+ Add)}. netc stores the weight {@code [in,
 * out]}, which is Gemm's B without {@code transB}, so export writes it unchanged: {@code Gemm(x,
 * W, b)}, then the fused activation. Import takes a Gemm (PyTorch's {@code nn.Linear}: {@code
 * transB=1} with W {@code [out, in]}, transposed here; alpha and beta folded into W and b) or a
 * MatMul by a constant with an optional bias Add after it, and takes in a following activation.
 */
final class DenseMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("dense");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Gemm", "MatMul");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int in = cx.inputShape(node, 0)[0];
    int out = node.shape().dim(0);
    List<String> inputs = new ArrayList<>(List.of(cx.input(node, 0),
        cx.initializer(node.name() + ".weight", cx.param(node, "weight"), in, out)));
    if (cx.hasParam(node, "bias")) {
      inputs.add(cx.initializer(node.name() + ".bias", cx.param(node, "bias"), out));
    }
    String activation = node.args().enumArg("activation");
    boolean linear = activation.equals("linear");
    String result = linear ? cx.output(node) : cx.temp(node, "linear");
    cx.add(node, "Gemm", inputs, List.of(result));
    if (!linear) {
      ActivationMapping.emit(cx, node, activation, Double.NaN, result, cx.output(node));
    }
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    if (x.onnxShape().length == 2 && node.getOpType().equals("MatMul")) {
      TimeDenseMapping.importMatMul(cx, node);
      return;
    }
    if (x.onnxShape().length != 1) {
      throw cx.refuse(node, "input \"" + node.getInput(0) + "\" has per-example shape " + shape(x)
          + "; netc maps " + node.getOpType() + " on [batch, features] inputs to dense (a MatMul over"
          + " sequences is time_dense)");
    }
    int in = x.onnxShape()[0];
    Constant b = cx.requireConstant(node, 1, "weight");
    if (b.rank() != 2 || b.isInteger()) {
      throw cx.refuse(node, "its weight must be a 2-d float matrix, got " + b.describe());
    }
    float[] weight;
    float[] bias = null;
    String output = node.getOutput(0);
    LayerBuilder layer = cx.layer(node, "dense");
    int units;
    if (node.getOpType().equals("Gemm")) {
      if (getInt(node, "transA", 0) != 0) {
        throw cx.refuse(node, "transA=1 transposes the batch into the features; netc's dense reads [batch, features]");
      }
      boolean transB = getInt(node, "transB", 0) != 0;
      units = (int) (transB ? b.dims()[0] : b.dims()[1]);
      long k = transB ? b.dims()[1] : b.dims()[0];
      if (k != in) {
        throw cx.refuse(node, "its weight " + b.describe() + " does not fit " + in + " input features");
      }
      weight = transB ? transpose(b.floats(), units, in) : b.floats().clone();
      scale(weight, getFloat(node, "alpha", 1f));
      if (ImportContext.hasInput(node, 2)) {
        bias = bias(cx, node, cx.requireConstant(node, 2, "bias"), units);
        scale(bias, getFloat(node, "beta", 1f));
      }
    } else {
      if (b.dims()[0] != in) {
        throw cx.refuse(node, "its weight " + b.describe() + " does not fit " + in + " input features");
      }
      units = (int) b.dims()[1];
      weight = b.floats().clone();
      NodeProto add = cx.soleConsumer(output, "Add");
      if (add != null && add.getInputCount() == 2) {
        String other = add.getInput(0).equals(output) ? add.getInput(1) : add.getInput(0);
        Constant c = cx.constant(other);
        if (c != null && !c.isInteger() && c.size() == units) {
          bias = c.floats().clone();
          layer.also(add);
          output = add.getOutput(0);
        }
      }
    }
    layer.input(cx.inputAsOnnx(node, 0)).arg(Integer.toString(units));
    ActivationMapping.Fused act = ActivationMapping.fusable(cx, output);
    if (act != null) {
      output = act.applyTo(layer);
    }
    if (bias == null) {
      layer.arg("bias", "false");
    }
    layer.param("weight", weight);
    if (bias != null) {
      layer.param("bias", bias);
    }
    layer.emit(output, new int[] {units});
  }

  /** Gemm's C as a per-unit bias: {@code [units]}, {@code [1, units]} or a scalar broadcast. */
  private static float[] bias(ImportContext cx, NodeProto node, Constant c, int units) throws OnnxImportException {
    if (c.isInteger()) {
      throw cx.refuse(node, "its bias holds integers, expected floats");
    }
    if (c.size() == units) {
      return c.floats().clone();
    }
    if (c.size() == 1) {
      float[] v = new float[units];
      java.util.Arrays.fill(v, c.floats()[0]);
      return v;
    }
    throw cx.refuse(node, "its bias " + c.describe() + " is no per-unit vector of " + units);
  }

  /** {@code m} of {@code rows x cols} transposed. */
  static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }

  private static void scale(float[] v, float s) {
    if (s != 1f) {
      for (int i = 0; i < v.length; i++) {
        v[i] *= s;
      }
    }
  }

  static String shape(Value v) {
    return java.util.Arrays.toString(v.onnxShape());
  }
}
