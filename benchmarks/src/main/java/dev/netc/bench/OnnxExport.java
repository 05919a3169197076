package dev.netc.bench;

import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the benchmark networks, with the weights netc trained, as ONNX files for the ONNX Runtime
 * peer (benchmarks/peers/onnxruntime). The protobuf is encoded by hand (a few dozen lines; the
 * field numbers are those of onnx.proto), so neither the onnx Python package nor protobuf-java is
 * needed. IR version 8, opset 13, batch dimension symbolic ({@code N}).
 *
 * <ul>
 *   <li>{@link BenchMlp}: {@code image[N,784]} → Gemm → Relu → Gemm → {@code logits[N,10]}.
 *       netc stores dense weights {@code [in, out]}, which is Gemm's B without transposition.
 *   <li>{@link BenchCnn}: {@code image[N,1,28,28]} → Conv 5x5 (8 filters, valid) → Relu →
 *       MaxPool 2x2 → Flatten → Gemm → {@code logits[N,10]}. netc stores conv weights {@code [in
 *       channels, kh, kw, filters]}; ONNX wants {@code [filters, in channels, kh, kw]}, so they
 *       are transposed here. Both are channels-first, so the flatten orders agree.
 * </ul>
 */
public final class OnnxExport {
  private OnnxExport() {}

  private static final int FLOAT = 1;
  private static final int ATTR_INT = 2;
  private static final int ATTR_INTS = 7;

  /** The MLP as ONNX bytes. */
  public static byte[] mlp(Model model) {
    ParameterInfo w1 = param(model, "dense_1.weight");
    ParameterInfo b1 = param(model, "dense_1.bias");
    ParameterInfo w2 = param(model, "dense_2.weight");
    ParameterInfo b2 = param(model, "dense_2.bias");
    float[] p = model.parameters();
    int in = w1.shape()[0];
    int out = w2.shape()[1];
    Msg graph = new Msg().string(2, "netc_" + model.name());
    graph.msg(1, node("Gemm", "gemm_1", new String[] {"image", "w1", "b1"}, "h1"));
    graph.msg(1, node("Relu", "relu_1", new String[] {"h1"}, "a1"));
    graph.msg(1, node("Gemm", "gemm_2", new String[] {"a1", "w2", "b2"}, "logits"));
    graph.msg(5, tensor("w1", w1.shape(), slice(p, w1)));
    graph.msg(5, tensor("b1", b1.shape(), slice(p, b1)));
    graph.msg(5, tensor("w2", w2.shape(), slice(p, w2)));
    graph.msg(5, tensor("b2", b2.shape(), slice(p, b2)));
    graph.msg(11, valueInfo("image", in));
    graph.msg(12, valueInfo("logits", out));
    return model(graph);
  }

  /** The CNN as ONNX bytes. */
  public static byte[] cnn(Model model) {
    ParameterInfo cw = param(model, "conv2d_1.weight");
    ParameterInfo cb = param(model, "conv2d_1.bias");
    ParameterInfo dw = param(model, "dense_1.weight");
    ParameterInfo db = param(model, "dense_1.bias");
    float[] p = model.parameters();
    int[] s = cw.shape(); // [cin, kh, kw, filters]
    int cin = s[0];
    int kh = s[1];
    int kw = s[2];
    int filters = s[3];
    float[] oihw = new float[cw.size()];
    for (int c = 0; c < cin; c++) {
      for (int y = 0; y < kh; y++) {
        for (int x = 0; x < kw; x++) {
          for (int f = 0; f < filters; f++) {
            oihw[((f * cin + c) * kh + y) * kw + x] = p[cw.offset() + ((c * kh + y) * kw + x) * filters + f];
          }
        }
      }
    }
    int[] inShape = model.inputShape();
    Msg graph = new Msg().string(2, "netc_" + model.name());
    graph.msg(1, node("Conv", "conv_1", new String[] {"image", "cw", "cb"}, "c1",
        ints("kernel_shape", kh, kw), ints("strides", 1, 1), ints("pads", 0, 0, 0, 0)));
    graph.msg(1, node("Relu", "relu_1", new String[] {"c1"}, "r1"));
    graph.msg(1, node("MaxPool", "pool_1", new String[] {"r1"}, "p1",
        ints("kernel_shape", 2, 2), ints("strides", 2, 2)));
    graph.msg(1, node("Flatten", "flatten_1", new String[] {"p1"}, "f1", integer("axis", 1)));
    graph.msg(1, node("Gemm", "gemm_1", new String[] {"f1", "dw", "db"}, "logits"));
    graph.msg(5, tensor("cw", new int[] {filters, cin, kh, kw}, oihw));
    graph.msg(5, tensor("cb", cb.shape(), slice(p, cb)));
    graph.msg(5, tensor("dw", dw.shape(), slice(p, dw)));
    graph.msg(5, tensor("db", db.shape(), slice(p, db)));
    int[] imageDims = new int[inShape.length];
    System.arraycopy(inShape, 0, imageDims, 0, inShape.length);
    graph.msg(11, valueInfo("image", imageDims));
    graph.msg(12, valueInfo("logits", model.outputSize()));
    return model(graph);
  }

  public static void write(byte[] onnx, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, onnx);
  }

  private static byte[] model(Msg graph) {
    Msg opset = new Msg().string(1, "").varint(2, 13);
    return new Msg()
        .varint(1, 8) // ir_version
        .string(2, "netc")
        .string(3, "0.1.0")
        .msg(7, graph)
        .msg(8, opset)
        .bytes();
  }

  private static ParameterInfo param(Model model, String name) {
    for (ParameterInfo p : model.parameterInfo()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(model.name() + " has no parameter " + name + ": " + model.parameterInfo());
  }

  private static float[] slice(float[] p, ParameterInfo info) {
    return Arrays.copyOfRange(p, info.offset(), info.offset() + info.size());
  }

  private static Msg node(String op, String name, String[] inputs, String output, Msg... attributes) {
    Msg n = new Msg();
    for (String i : inputs) {
      n.string(1, i);
    }
    n.string(2, output).string(3, name).string(4, op);
    for (Msg a : attributes) {
      n.msg(5, a);
    }
    return n;
  }

  private static Msg ints(String name, long... values) {
    Msg a = new Msg().string(1, name).varint(20, ATTR_INTS);
    for (long v : values) {
      a.varint(8, v);
    }
    return a;
  }

  private static Msg integer(String name, long value) {
    return new Msg().string(1, name).varint(20, ATTR_INT).varint(3, value);
  }

  private static Msg tensor(String name, int[] dims, float[] data) {
    Msg t = new Msg();
    for (int d : dims) {
      t.varint(1, d);
    }
    ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(data);
    return t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
  }

  /** A float tensor value {@code [N, dims...]} with a symbolic batch dimension. */
  private static Msg valueInfo(String name, int... dims) {
    Msg shape = new Msg().msg(1, new Msg().string(2, "N"));
    for (int d : dims) {
      shape.msg(1, new Msg().varint(1, d));
    }
    Msg tensorType = new Msg().varint(1, FLOAT).msg(2, shape);
    return new Msg().string(1, name).msg(2, new Msg().msg(1, tensorType));
  }

  /** A protobuf message under construction: only the wire types ONNX needs here. */
  static final class Msg {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Msg varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
      return this;
    }

    Msg string(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Msg bytes(int field, byte[] b) {
      raw((long) field << 3 | 2);
      raw(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    Msg msg(int field, Msg m) {
      return bytes(field, m.bytes());
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) (v & 0x7F) | 0x80);
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
