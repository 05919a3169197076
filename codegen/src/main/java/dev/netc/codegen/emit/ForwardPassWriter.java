package dev.netc.codegen.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code forwardPass}: one call per layer in graph order, each under a comment with its
 * shapes. With several inputs the packed input is split into one buffer per input first; with
 * several outputs they are packed into one buffer last.
 */
final class ForwardPassWriter {
  static final ClassName PACKING = ClassName.get(ModelEmitter.RUNTIME, "Packing");

  private ForwardPassWriter() {}

  static void write(TypeSpec.Builder type, Graph graph, Layout layout, Operands operands, InferenceFusion fusion) {
    List<CodeBlock> calls = new ArrayList<>();
    if (graph.packsInputs()) {
      calls.add(unpackInputs(graph, layout));
    }
    for (Node node : graph.nodes()) {
      if (node.isInput()) {
        continue;
      }
      CodeBlock.Builder call = CodeBlock.builder()
          .add("// $L: $L -> $L, $L\n", node.name(), inputShapes(node), node.shape().describe(),
              node.op().describe(node.args()));
      if (node.isView()) {
        call.add("//   a view of $L: same memory, no code\n", node.input().name());
      } else {
        List<CodeBlock> args = new ArrayList<>();
        node.inputs().forEach(in -> args.add(operands.value(in)));
        args.add(operands.value(node));
        operands.extras(node).forEach(e -> args.add(CodeBlock.of("buf[$L]", e)));
        args.add(CodeBlock.of("batch"));
        if (node.op().usesTrainingMode()) {
          args.add(CodeBlock.of("training"));
          args.add(CodeBlock.of("ws.rng()"));
        }
        InferenceFusion.Group g = fusion.groupOf(node);
        if (g == null) {
          call.addStatement("$L($L)", Operands.forwardName(node), CodeBlock.join(args, ", "));
        } else if (g.producer() == node) {
          call.beginControlFlow("if (training)")
              .addStatement("$L($L)", Operands.forwardName(node), CodeBlock.join(args, ", "))
              .nextControlFlow("else")
              .add("// $L folded in\n", g.activation() == null ? g.batchnorm().name()
                  : g.batchnorm().name() + " and " + g.activation().name())
              .addStatement("$L($L)", InferenceFusion.inferenceName(node), CodeBlock.join(inferenceArgs(g, operands), ", "))
              .endControlFlow();
        } else {
          call.add("// at inference folded into $L\n", g.producer().name())
              .beginControlFlow("if (training)")
              .addStatement("$L($L)", Operands.forwardName(node), CodeBlock.join(args, ", "))
              .endControlFlow();
        }
      }
      calls.add(call.build());
    }
    if (graph.packsOutputs()) {
      calls.add(packOutputs(graph, layout, operands));
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

  /** The producer's inputs, the group's last value, its extras, the batch norm's stats buffer. */
  private static List<CodeBlock> inferenceArgs(InferenceFusion.Group g, Operands operands) {
    Node node = g.producer();
    List<CodeBlock> args = new ArrayList<>();
    node.inputs().forEach(in -> args.add(operands.value(in)));
    args.add(operands.value(g.last()));
    operands.extras(node).forEach(e -> args.add(CodeBlock.of("buf[$L]", e)));
    args.add(CodeBlock.of("buf[$L]", operands.extraConstant(g.batchnorm(), "stats")));
    args.add(CodeBlock.of("batch"));
    return args;
  }

  /** The shapes a layer reads, for its comment: {@code [64]} or {@code [64] + [64]}. */
  static String inputShapes(Node node) {
    return node.inputs().stream().map(n -> n.shape().describe()).collect(Collectors.joining(" + "));
  }

  private static CodeBlock unpackInputs(Graph graph, Layout layout) {
    CodeBlock.Builder b = CodeBlock.builder()
        .add("// the inputs arrive packed per example ($L floats): each into its own buffer\n", packedSize(graph));
    int offset = 0;
    for (Node in : graph.inputs()) {
      int size = (int) in.shape().size();
      b.addStatement("$T.unpack(in, $L, $L, $L, buf[$L], batch)", PACKING, packedSize(graph), offset, size,
          layout.valueBuffer(in));
      offset += size;
    }
    return b.build();
  }

  private static CodeBlock packOutputs(Graph graph, Layout layout, Operands operands) {
    long total = 0;
    for (Output out : graph.outputs()) {
      total += out.node().shape().size();
    }
    CodeBlock.Builder b = CodeBlock.builder()
        .add("// the outputs, packed per example ($L floats) for the caller\n", total);
    int offset = 0;
    for (Output out : graph.outputs()) {
      int size = (int) out.node().shape().size();
      b.addStatement("$T.pack($L, $L, buf[$L], $L, $L, batch)", PACKING, operands.value(out.node()), size,
          layout.packedOutputs(), total, offset);
      offset += size;
    }
    return b.build();
  }

  static long packedSize(Graph graph) {
    return graph.inputs().stream().mapToLong(n -> n.shape().size()).sum();
  }
}
