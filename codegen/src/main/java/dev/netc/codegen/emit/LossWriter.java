package dev.netc.codegen.emit;

import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.Kernel;
import dev.netc.codegen.ops.LayerCode;
import dev.netc.codegen.ops.LossCall;
import dev.netc.codegen.ops.LossDef;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code lossValue} and the fused loss methods: {@code <loss>} returns the mean loss,
 * {@code <loss>Gradient} writes its gradient with respect to the output; the arrays the loss reads
 * (class weights) become static fields.
 */
final class LossWriter {
  private LossWriter() {}

  static void write(TypeSpec.Builder type, Graph graph, Operands operands) {
    Node out = graph.output();
    LossCall call = graph.loss();
    LossDef loss = call.def();
    String name = Names.camel(loss.name());
    constants(type, call, out);
    type.addMethod(MethodSpec.methodBuilder("lossValue")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .returns(double.class)
        .addParameter(ModelEmitter.WORKSPACE, "ws")
        .addParameter(ModelEmitter.FLOATS, "target")
        .addParameter(int.class, "batch")
        .addStatement("float[][] buf = ws.buffers")
        .addStatement("return $L($L, target, $L, batch)", name, operands.value(out), operands.grad(out))
        .build());
    LayerCode value = new LayerCode(out.name(), out.shape(), out.shape(), call.args(), Map.of(), false, false, Kernel.GEMM);
    loss.emitValue(value, out.shape());
    type.addMethod(MethodSpec.methodBuilder(name)
        .addJavadoc("$L over $L outputs: $L. Returns the mean loss.\n", call.describe(), out.shape().describe(), loss.doc())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(double.class)
        .addParameter(ModelEmitter.FLOATS, "y").addParameter(ModelEmitter.FLOATS, "t")
        .addParameter(ModelEmitter.FLOATS, "gy")
        .addParameter(int.class, "batch")
        .addCode(value.build())
        .build());
    LayerCode gradient = new LayerCode(out.name(), out.shape(), out.shape(), call.args(), Map.of(), false, false, Kernel.GEMM);
    loss.emitGradient(gradient, out.shape());
    type.addMethod(MethodSpec.methodBuilder(name + "Gradient")
        .addJavadoc("Gradient of the mean $L with respect to the output, into gy.\n", loss.name())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(ModelEmitter.FLOATS, "y").addParameter(ModelEmitter.FLOATS, "t")
        .addParameter(ModelEmitter.FLOATS, "gy")
        .addParameter(int.class, "batch")
        .addCode(gradient.build())
        .build());
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
