package dev.netc.codegen.emit;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.ops.Kernel;
import dev.netc.codegen.ops.LayerCode;
import dev.netc.codegen.ops.LossCall;
import dev.netc.codegen.ops.LossCall;
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

  /**
   * The arrays an output's loss reads (class weights), by the name its methods use, with the field
   * that holds them: {@code classWeights}, or {@code auxClassWeights} with several outputs.
   */
  static java.util.SortedMap<String, String> constantFields(Graph graph, Output out) {
    java.util.SortedMap<String, String> fields = new java.util.TreeMap<>();
    for (String name : out.loss().constants(out.node().shape()).keySet()) {
      fields.put(name, graph.packsOutputs() ? Names.camel(out.node().name() + "_" + name) : name);
    }
    return fields;
  }

  /** The arguments of a call of an output's loss method: value, target, gradient, batch, arrays. */
  static CodeBlock lossArguments(Graph graph, Layout layout, Operands operands, Output out) {
    java.util.List<CodeBlock> args = new java.util.ArrayList<>(java.util.List.of(operands.value(out.node()),
        target(layout, out), operands.grad(out.node()), CodeBlock.of("batch")));
    constantFields(graph, out).values().forEach(f -> args.add(CodeBlock.of("$L", f)));
    return CodeBlock.join(args, ", ");
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
      lossValue.addStatement("return $L($L)", methodName(graph, graph.outputs().get(0)),
          lossArguments(graph, layout, operands, graph.outputs().get(0)));
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
        lossValue.addStatement("total += $L$L($L)",
            out.weight() == 1 ? "" : LayerCode.f(out.weight()) + " * ", methodName(graph, out),
            lossArguments(graph, layout, operands, out));
      }
      lossValue.addStatement("return total");
    }
    type.addMethod(lossValue.build());
    for (Output out : graph.outputs()) {
      constants(type, graph, out);
      lossMethods(type, graph, out);
    }
  }

  /** {@code private static final float[] classWeights = {...};} for each array the loss reads. */
  private static void constants(TypeSpec.Builder type, Graph graph, Output out) {
    Map<String, float[]> arrays = out.loss().constants(out.node().shape());
    for (Map.Entry<String, String> c : constantFields(graph, out).entrySet()) {
      float[] v = arrays.get(c.getKey());
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < v.length; i++) {
        // ten to a line: a weight per class of a large output stays readable
        values.append(i == 0 ? "" : i % 10 == 0 ? ",\n    " : ", ").append(LayerCode.f(v[i]));
      }
      type.addField(FieldSpec.builder(float[].class, c.getValue(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("The $L loss's $L$L ($L values, the declared arguments), read by its methods.\n",
              out.loss().name(), c.getKey(), graph.packsOutputs() ? " on " + out.node().name() : "", v.length)
          .initializer("{$L}", values)
          .build());
    }
  }

  private static void lossMethods(TypeSpec.Builder type, Graph graph, Output output) {
    Node out = output.node();
    LossCall call = output.loss();
    LossDef loss = call.def();
    String name = methodName(graph, output);
    LayerCode value = new LayerCode(out.name(), out.shape(), out.shape(), call.args(), Map.of(), false,
        false, Kernel.GEMM);
    loss.emitValue(value, out.shape());
    MethodSpec.Builder valueMethod = MethodSpec.methodBuilder(name)
        .addJavadoc("$L over $L outputs$L: $L. Returns the mean loss.\n", call.describe(), out.shape().describe(),
            graph.packsOutputs() ? " of " + out.name() : "", loss.doc())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(double.class)
        .addParameter(ModelEmitter.FLOATS, "y").addParameter(ModelEmitter.FLOATS, "t")
        .addParameter(ModelEmitter.FLOATS, "gy")
        .addParameter(int.class, "batch");
    constantFields(graph, output).keySet().forEach(c -> valueMethod.addParameter(ModelEmitter.FLOATS, c));
    type.addMethod(valueMethod.addCode(value.build()).build());
    LayerCode gradient = new LayerCode(out.name(), out.shape(), out.shape(), call.args(), Map.of(), false,
        false, Kernel.GEMM);
    loss.emitGradient(gradient, out.shape());
    MethodSpec.Builder gradientMethod = MethodSpec.methodBuilder(name + "Gradient")
        .addJavadoc("Gradient of the mean $L with respect to $L, into gy.\n", loss.name(),
            graph.packsOutputs() ? out.name() : "the output")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(ModelEmitter.FLOATS, "y").addParameter(ModelEmitter.FLOATS, "t")
        .addParameter(ModelEmitter.FLOATS, "gy")
        .addParameter(int.class, "batch");
    constantFields(graph, output).keySet().forEach(c -> gradientMethod.addParameter(ModelEmitter.FLOATS, c));
    type.addMethod(gradientMethod.addCode(gradient.build()).build());
  }

  /** {@code private static final float[] classWeights = {...};} for each array the loss reads. */
  private static void constants(TypeSpec.Builder type, LossCall call, Node out) {
    for (Map.Entry<String, float[]> c : new java.util.TreeMap<>(call.constants(out.shape())).entrySet()) {
      float[] v = c.getValue();
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < v.length; i++) {
        // ten to a line: a weight per class of a large output stays readable
        values.append(i == 0 ? "" : i % 10 == 0 ? ",\n    " : ", ").append(LayerCode.f(v[i]));
      }
      type.addField(FieldSpec.builder(float[].class, c.getKey(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("The $L loss's $L ($L values, the declared arguments), read by its methods.\n",
              call.name(), c.getKey(), c.getValue().length)
          .initializer("{$L}", values)
          .build());
    }
  }
}
