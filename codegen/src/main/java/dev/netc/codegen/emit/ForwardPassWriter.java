package dev.netc.codegen.emit;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/** Writes {@code forwardPass}: one call per layer in graph order, each under a comment with its shapes. */
final class ForwardPassWriter {
  private ForwardPassWriter() {}

  static void write(TypeSpec.Builder type, Graph graph, Operands operands) {
    List<CodeBlock> calls = new ArrayList<>();
    for (Node node : graph.nodes()) {
      if (node.isInput()) {
        continue;
      }
      CodeBlock.Builder call = CodeBlock.builder()
          .add("// $L: $L -> $L, $L\n", node.name(), node.input().shape().describe(),
              node.shape().describe(), node.op().describe(node.args()));
      if (node.isView()) {
        call.add("//   a view of $L: same memory, no code\n", node.input().name());
      } else {
        List<CodeBlock> args = new ArrayList<>();
        args.add(operands.value(node.input()));
        args.add(operands.value(node));
        operands.extras(node).forEach(e -> args.add(CodeBlock.of("buf[$L]", e)));
        args.add(CodeBlock.of("batch"));
        if (node.op().usesTrainingMode()) {
          args.add(CodeBlock.of("training"));
          args.add(CodeBlock.of("ws.rng()"));
        }
        call.addStatement("$L($L)", Operands.forwardName(node), CodeBlock.join(args, ", "));
      }
      calls.add(call.build());
    }
    MethodSpec.Builder method = MethodSpec.methodBuilder("forwardPass")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .addParameter(ModelEmitter.WORKSPACE, "ws")
        .addParameter(ModelEmitter.FLOATS, "in")
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training");
    MethodSplitter.split(type, method, "forwardPart", calls, List.of("ws", "in", "batch", "training"),
        List.of(ModelEmitter.WORKSPACE, ModelEmitter.FLOATS, TypeName.INT, TypeName.BOOLEAN));
  }
}
