package dev.netc.maven;

import dev.netc.codegen.CheckResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.dsl.SourceFile;
import dev.netc.onnx.OnnxExporter;
import dev.netc.onnx.OnnxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import onnx.Onnx.ModelProto;

/** A small ONNX model for the import tests, written by netc-onnx's exporter, and its arithmetic. */
final class OnnxFixture {
  /** dense(4, relu) then dense(2) on 3 inputs: 26 parameters. */
  static final String MLP = """
      network Mlp {
        input x: float[3];
        hidden = dense(4, activation: relu);
        out = dense(2);
        loss softmax_cross_entropy;
        optimizer sgd(lr: 0.1);
      }
      """;

  private OnnxFixture() {}

  /** Writes the Mlp network with seeded weights as {@code file}; returns the weights in netc's layout. */
  static float[] write(Path file, long seed) throws Exception {
    CheckResult checked = NetcCompiler.check(new SourceFile("Mlp.net", MLP), ImportResolver.NONE);
    if (checked.hasErrors()) {
      throw new IllegalStateException(checked.diagnostics().toString());
    }
    float[] params = new float[3 * 4 + 4 + 4 * 2 + 2];
    Random random = new Random(seed);
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) random.nextGaussian();
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    OnnxFiles.write(OnnxExporter.export(checked.graphs().get(0), params), file);
    return params;
  }

  /** The network's output for {@code x}: dense weights are [in, out] then the bias, as netc lays them out. */
  static float[] predict(float[] p, float[] x) {
    float[] h = dense(p, 0, x, 4);
    for (int i = 0; i < h.length; i++) {
      h[i] = Math.max(0, h[i]);
    }
    return dense(p, 3 * 4 + 4, h, 2);
  }

  private static float[] dense(float[] p, int offset, float[] x, int out) {
    float[] y = new float[out];
    int bias = offset + x.length * out;
    for (int j = 0; j < out; j++) {
      float sum = p[bias + j];
      for (int i = 0; i < x.length; i++) {
        sum += x[i] * p[offset + i * out + j];
      }
      y[j] = sum;
    }
    return y;
  }

  /** Rewrites {@code file} with its first node's op type one netc lacks; returns that node's name. */
  static String breakFirstNode(Path file) throws Exception {
    ModelProto.Builder odd = OnnxFiles.read(file).toBuilder();
    odd.getGraphBuilder().getNodeBuilder(0).setOpType("NonMaxSuppression");
    OnnxFiles.write(odd.build(), file);
    return odd.getGraph().getNode(0).getName();
  }
}
