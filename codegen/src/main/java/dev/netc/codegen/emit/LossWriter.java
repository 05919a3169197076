package dev.netc.codegen.emit;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.ops.Kernel;
import dev.netc.codegen.ops.LayerCode;
import dev.netc.codegen.ops.LossDef;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code lossValue} and the fused loss methods of every output: {@code <loss>} returns the
 * mean loss, {@code <loss>Gradient} writes its gradient with respect to the output. With several
 * outputs the methods are named after their output ({@code auxMse}), {@code lossValue} first
 * splits the packed target into one buffer per output and returns the weighted sum.
 */
final class LossWriter {
  private LossWriter() {}

  /** The loss method of {@code out}: {@code mse}, or {@code auxMse} when the network has several outputs. */
  static String methodName(Graph graph, Output out) {
    String loss = out.loss().name();
    return Names.camel(graph.packsOutputs() ? out.node().name() + "_" + loss : loss);
  }

  /** The target an output's loss reads: {@code target}, or its own buffer with several outputs. */
  static CodeBlock target(Layout layout, Output out) {
    String b = layout.targetBuffer(out.node());
    return b == null ? CodeBlock.of("target") : CodeBlock.of("buf[$L]", b);
  }

  static void write(TypeSpec.Builder type, Graph graph, Layout layout, Operands operands) {
    MethodSpec.Builder lossValue = MethodSpec.methodBuilder("lossValue")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .returns(double.class)
        .addParameter(ModelEmitter.WORKSPACE, "ws")
        .addParameter(ModelEmitter.FLOATS, "target")
        .addParameter(int.class, "batch")
        .addStatement("float[][] buf = ws.buffers");
    if (!graph.packsOutputs()) {
      Node out = graph.output();
      lossValue.addStatement("return $L($L, target, $L, batch)", methodName(graph, graph.outputs().get(0)),
          operands.value(out), operands.grad(out));
    } else {
      long total = graph.outputs().stream().mapToLong(o -> o.loss().targetSize(o.node().shape())).sum();
      lossValue.addComment("the targets arrive packed per example ($L floats): each into its own buffer", total);
      long offset = 0;
      for (Output out : graph.outputs()) {
        long size = out.loss().targetSize(out.node().shape());
        lossValue.addStatement("$T.unpack(target, $L, $L, $L, $L, batch)", ForwardPassWriter.PACKING, total,
            offset, size, target(layout, out));
        offset += size;
      }
      lossValue.addStatement("double total = 0");
      for (Output out : graph.outputs()) {
        lossValue.addStatement("total += $L$L($L, $L, $L, batch)",
            out.weight() == 1 ? "" : LayerCode.f(out.weight()) + " * ", methodName(graph, out),
            operands.value(out.node()), target(layout, out), operands.grad(out.node()));
      }
      lossValue.addStatement("return total");
    }
    type.addMethod(lossValue.build());
    for (Output out : graph.outputs()) {
      lossMethods(type, graph, out);
    }
  }

  private static void lossMethods(TypeSpec.Builder type, Graph graph, Output output) {
    Node out = output.node();
    LossDef loss = output.loss();
    String name = methodName(graph, output);
    LayerCode value = new LayerCode(out.name(), out.shape(), out.shape(), output.lossArgs(), Map.of(), false,
        false, Kernel.GEMM);
    loss.emitValue(value, out.shape());
    type.addMethod(MethodSpec.methodBuilder(name)
        .addJavadoc("$L over $L outputs$L: $L. Returns the mean loss.\n", loss.name(), out.shape().describe(),
            graph.packsOutputs() ? " of " + out.name() : "", loss.doc())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(double.class)
        .addParameter(ModelEmitter.FLOATS, "y").addParameter(ModelEmitter.FLOATS, "t")
        .addParameter(ModelEmitter.FLOATS, "gy")
        .addParameter(int.class, "batch")
        .addCode(value.build())
        .build());
    LayerCode gradient = new LayerCode(out.name(), out.shape(), out.shape(), output.lossArgs(), Map.of(), false,
        false, Kernel.GEMM);
    loss.emitGradient(gradient, out.shape());
    type.addMethod(MethodSpec.methodBuilder(name + "Gradient")
        .addJavadoc("Gradient of the mean $L with respect to $L, into gy.\n", loss.name(),
            graph.packsOutputs() ? out.name() : "the output")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(ModelEmitter.FLOATS, "y").addParameter(ModelEmitter.FLOATS, "t")
        .addParameter(ModelEmitter.FLOATS, "gy")
        .addParameter(int.class, "batch")
        .addCode(gradient.build())
        .build());
  }
}
