package dev.netc.codegen.emit;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.plan.GradientPlan;
import dev.netc.codegen.plan.GradientPlan.Step;
import dev.netc.codegen.plan.GradientPlan.When;
import dev.netc.codegen.plan.GradientPlan.Write;
import dev.netc.runtime.kernels.Elementwise;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code backwardPass} as the {@link GradientPlan} orders it: the loss gradient first, then
 * one call per backward step, guarded by {@code if (inputGradient)} when the step only runs on
 * demand.
 */
final class BackwardPassWriter {
  private BackwardPassWriter() {}

  static void write(TypeSpec.Builder type, Graph graph, GradientPlan plan, Operands operands) {
    List<CodeBlock> calls = new ArrayList<>();
    Node out = graph.output();
    calls.add(CodeBlock.builder()
        .add("// $L loss: gradient of the mean loss with respect to $L\n", graph.loss().name(), out.name())
        .addStatement("$LGradient($L, target, $L, batch)", Names.camel(graph.loss().name()),
            operands.value(out), operands.grad(out))
        .build());
    for (Step step : plan.backwardOrder()) {
      calls.add(call(step, operands));
    }
    MethodSpec.Builder method = MethodSpec.methodBuilder("backwardPass")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .addParameter(ModelEmitter.WORKSPACE, "ws")
        .addParameter(ModelEmitter.FLOATS, "in")
        .addParameter(ModelEmitter.FLOATS, "target")
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "inputGradient")
        .addStatement("float[] g = ws.gradients()");
    if (plan.clearsParameterGradients()) {
      method.addStatement("$T.clear(g)", Elementwise.class);
    }
    method.addStatement("float[] gin = inputGradient ? ws.inputGradient() : null");
    MethodSplitter.split(type, method, "backwardPart", calls,
        List.of("ws", "in", "target", "batch", "inputGradient", "g", "gin"),
        List.of(ModelEmitter.WORKSPACE, ModelEmitter.FLOATS, ModelEmitter.FLOATS, TypeName.INT,
            TypeName.BOOLEAN, ModelEmitter.FLOATS, ModelEmitter.FLOATS));
  }

  private static CodeBlock call(Step step, Operands operands) {
    Node node = step.node();
    Write write = step.firstWrite();
    List<CodeBlock> args = new ArrayList<>();
    args.add(operands.value(node.input()));
    args.add(operands.value(node));
    args.add(operands.grad(node));
    args.add(inputGradient(write, operands));
    operands.extras(node).forEach(e -> args.add(CodeBlock.of("buf[$L]", e)));
    args.add(CodeBlock.of("batch"));
    if (!node.params().isEmpty()) {
      args.add(CodeBlock.of("g"));
    }
    CodeBlock.Builder call = CodeBlock.builder()
        .add("// $L: gradient $L -> $L$L\n", node.name(), node.shape().describe(),
            node.input().shape().describe(), write.accumulate() ? " (added: the input feeds several layers)" : "");
    boolean always = step.runs() == When.ALWAYS;
    if (!always) {
      call.beginControlFlow("if (inputGradient)");
    }
    call.addStatement("$L($L)", Operands.backwardName(node), CodeBlock.join(args, ", "));
    if (!always) {
      call.endControlFlow();
    }
    return call.build();
  }

  /** Where the step writes its input's gradient; null on passes where the plan skips the write. */
  private static CodeBlock inputGradient(Write write, Operands operands) {
    CodeBlock buffer = operands.grad(write.target());
    if (write.gated() && !write.toNetworkInput()) { // gin is null already unless asked for
      return CodeBlock.of("inputGradient ? $L : null", buffer);
    }
    return buffer;
  }
}
