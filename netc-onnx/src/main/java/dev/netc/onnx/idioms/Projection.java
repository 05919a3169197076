package dev.netc.onnx.idioms;

import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * A linear layer with constant weights found in an ONNX graph: {@code Add(MatMul(x, W), b)}
 * (either operand order, as PyTorch writes {@code nn.Linear} on 3-D inputs) or {@code Gemm(x, W,
 * b)} with {@code alpha = beta = 1}.
 *
 * @param input the value the layer reads
 * @param weight {@code [in, out]} row-major, netc's layout (a {@code Gemm} with {@code transB = 1}
 *     is transposed)
 * @param bias {@code [out]}
 * @param in input width
 * @param out output width
 * @param nodes the nodes it takes
 */
record Projection(String input, float[] weight, float[] bias, int in, int out, List<NodeProto> nodes) {

  /** The projection writing {@code value}, or null when {@code value} is not written by one. */
  static Projection writing(NodeIndex g, String value) {
    NodeProto gemm = g.producer(value, "Gemm");
    if (gemm != null) {
      return gemm(g, gemm);
    }
    NodeProto add = g.producer(value, "Add");
    if (add == null) {
      return null;
    }
    for (int side = 0; side < 2; side++) {
      float[] bias = g.floats(add.getInput(side));
      NodeProto matmul = g.producer(add.getInput(1 - side), "MatMul");
      if (bias == null || matmul == null || g.consumers(matmul.getOutput(0)).size() != 1) {
        continue;
      }
      Projection p = matmul(g, matmul);
      if (p != null && bias.length == p.out) {
        return new Projection(p.input, p.weight, bias, p.in, p.out, List.of(matmul, add));
      }
    }
    return null;
  }

  /** {@code MatMul(x, W)} with a constant 2-D {@code W [in, out]}, no bias; null otherwise. */
  static Projection matmul(NodeIndex g, NodeProto matmul) {
    var w = g.constant(matmul.getInput(1));
    float[] weight = g.floats(matmul.getInput(1));
    if (w == null || weight == null || w.getDimsCount() != 2) {
      return null;
    }
    int in = (int) w.getDims(0);
    int out = (int) w.getDims(1);
    return new Projection(matmul.getInput(0), weight, new float[out], in, out, List.of(matmul));
  }

  private static Projection gemm(NodeIndex g, NodeProto gemm) {
    var w = g.constant(gemm.getInput(1));
    float[] weight = g.floats(gemm.getInput(1));
    float[] bias = gemm.getInputCount() > 2 && !gemm.getInput(2).isEmpty() ? g.floats(gemm.getInput(2)) : null;
    if (w == null || weight == null || w.getDimsCount() != 2 || NodeIndex.intAttribute(gemm, "transA", 0) != 0
        || floatAttribute(gemm, "alpha") != 1f || floatAttribute(gemm, "beta") != 1f) {
      return null;
    }
    boolean transposed = NodeIndex.intAttribute(gemm, "transB", 0) == 1;
    int in = (int) w.getDims(transposed ? 1 : 0);
    int out = (int) w.getDims(transposed ? 0 : 1);
    if (bias == null) {
      bias = new float[out];
    } else if (bias.length != out) {
      return null;
    }
    return new Projection(gemm.getInput(0), transposed ? transpose(weight, out, in) : weight, bias, in, out,
        List.of(gemm));
  }

  private static float floatAttribute(NodeProto n, String name) {
    var a = NodeIndex.attribute(n, name);
    return a == null ? 1f : a.getF();
  }

  /** {@code [rows, cols]} to {@code [cols, rows]}. */
  static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }

  /** Columns {@code [from, to)} of the weight and bias: one of several projections packed side by side. */
  Projection columns(int from, int to) {
    int width = to - from;
    float[] w = new float[in * width];
    for (int r = 0; r < in; r++) {
      System.arraycopy(weight, r * out + from, w, r * width, width);
    }
    float[] b = new float[width];
    System.arraycopy(bias, from, b, 0, width);
    return new Projection(input, w, b, in, width, nodes);
  }
}
