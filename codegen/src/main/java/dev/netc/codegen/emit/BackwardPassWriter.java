package dev.netc.codegen.emit;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.ops.LayerCode;
import dev.netc.codegen.plan.GradientPlan;
import dev.netc.codegen.plan.GradientPlan.Step;
import dev.netc.codegen.plan.GradientPlan.When;
import dev.netc.codegen.plan.GradientPlan.Write;
import dev.netc.runtime.kernels.Elementwise;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code backwardPass} as the {@link GradientPlan} orders it: the loss gradients first (each
 * output's, scaled by its weight), then one call per backward step, guarded by {@code if
 * (inputGradient)} when the step only runs on demand; with several inputs, their gradients are
 * packed into the caller's input gradient last.
 */
final class BackwardPassWriter {
  private BackwardPassWriter() {}

  static void write(TypeSpec.Builder type, Graph graph, Layout layout, GradientPlan plan, Operands operands) {
    List<CodeBlock> calls = new ArrayList<>();
    for (Output out : graph.outputs()) {
      calls.add(lossGradient(graph, layout, out, operands));
    }
    for (Step step : plan.backwardOrder()) {
      calls.add(call(step, operands));
    }
    if (graph.packsInputs()) {
      calls.add(packInputGradients(graph, layout, plan));
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

  /** An output's loss gradient (target buffers were split by lossValue, which always runs first). */
  private static CodeBlock lossGradient(Graph graph, Layout layout, Output out, Operands operands) {
    Node node = out.node();
    CodeBlock.Builder b = CodeBlock.builder()
        .add("// $L loss: gradient of the mean loss with respect to $L$L\n", out.loss().name(), node.name(),
            out.weight() == 1 ? "" : ", weighted " + out.weight())
        .addStatement("$LGradient($L, $L, $L, batch)", LossWriter.methodName(graph, out), operands.value(node),
            LossWriter.target(layout, out), operands.grad(node));
    if (out.weight() != 1) {
      b.beginControlFlow("for (int i = 0, n = $L; i < n; i++)", LayerCode.batchTimes(node.shape().size()))
          .addStatement("$L[i] *= $L", operands.grad(node), LayerCode.f(out.weight()))
          .endControlFlow();
    }
    return b.build();
  }

  private static CodeBlock call(Step step, Operands operands) {
    Node node = step.node();
    List<CodeBlock> args = new ArrayList<>();
    node.inputs().forEach(in -> args.add(operands.value(in)));
    args.add(operands.value(node));
    args.add(operands.grad(node));
    boolean anyAdded = false;
    for (Write write : step.writes()) {
      args.add(inputGradient(write, operands));
      anyAdded |= write.accumulate();
    }
    operands.extras(node).forEach(e -> args.add(CodeBlock.of("buf[$L]", e)));
    args.add(CodeBlock.of("batch"));
    if (!node.params().isEmpty()) {
      args.add(CodeBlock.of("g"));
    }
    CodeBlock.Builder call = CodeBlock.builder()
        .add("// $L: gradient $L -> $L$L\n", node.name(), node.shape().describe(),
            ForwardPassWriter.inputShapes(node), anyAdded
                ? (node.inputs().size() == 1 ? " (added: the input feeds several layers)"
                    : " (added where an input feeds several layers)") : "");
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
    CodeBlock buffer = operands.gradWrite(write.target());
    if (write.gated() && !write.toNetworkInput()) { // a network input's is null already unless asked for
      return CodeBlock.of("inputGradient ? $L : null", buffer);
    }
    return buffer;
  }

  /** Several inputs: their gradients into the caller's packed input gradient, when asked for. */
  private static CodeBlock packInputGradients(Graph graph, Layout layout, GradientPlan plan) {
    long total = ForwardPassWriter.packedSize(graph);
    CodeBlock.Builder b = CodeBlock.builder()
        .add("// the input gradients, packed per example ($L floats) as the inputs came\n", total)
        .beginControlFlow("if (inputGradient)");
    int offset = 0;
    for (Node in : graph.inputs()) {
      int size = (int) in.shape().size();
      if (plan.writersOf(in) > 0) {
        b.addStatement("$T.pack(buf[$L], $L, gin, $L, $L, batch)", ForwardPassWriter.PACKING,
            layout.gradBuffer(in), size, total, offset);
      } else {
        b.add("// no gradient reaches $L\n", in.name())
            .addStatement("$T.zero(gin, $L, $L, $L, batch)", ForwardPassWriter.PACKING, total, offset, size);
      }
      offset += size;
    }
    return b.endControlFlow().build();
  }
}
