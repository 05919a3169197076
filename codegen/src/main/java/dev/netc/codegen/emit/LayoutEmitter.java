package dev.netc.codegen.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.lang.model.element.Modifier;

/** Writes {@code layout()}: the build-time facts the runtime base class needs. */
final class LayoutEmitter {
  private LayoutEmitter() {}

  static final ClassName MODEL_LAYOUT = ClassName.get(ModelEmitter.RUNTIME, "ModelLayout");
  static final ClassName PARAMETER_INFO = ClassName.get(ModelEmitter.RUNTIME, "ParameterInfo");
  static final ClassName INIT = ClassName.get(ModelEmitter.RUNTIME, "Init");
  static final ClassName LOSS_KIND = ClassName.get(ModelEmitter.RUNTIME, "LossKind");
  static final ClassName OPTIMIZER_SPEC = ClassName.get(ModelEmitter.RUNTIME, "OptimizerSpec");
  static final ClassName INPUT_PORT = ClassName.get(ModelEmitter.RUNTIME, "InputPort");
  static final ClassName OUTPUT_PORT = ClassName.get(ModelEmitter.RUNTIME, "OutputPort");
  static final ClassName TRAINING_SPEC = ClassName.get(ModelEmitter.RUNTIME, "TrainingSpec");

  /** Parameter entries per helper method, far below the bytecode limit. */
  static final int PARAMS_PER_METHOD = 40;

  /** Buffer sizes per helper method. */
  static final int BUFFERS_PER_METHOD = 300;

  static void addLayoutMethods(TypeSpec.Builder type, Graph graph, Layout layout) {
    ParameterizedTypeName listType = ParameterizedTypeName.get(ClassName.get(List.class), PARAMETER_INFO);
    Node input = graph.inputs().get(0);
    Node out = graph.output();
    long packedInput = ForwardPassWriter.packedSize(graph);
    long packedOutput = graph.outputs().stream().mapToLong(o -> o.node().shape().size()).sum();
    long packedTarget = graph.outputs().stream().mapToLong(o -> o.loss().targetSize(o.node().shape())).sum();
    MethodSpec.Builder method = MethodSpec.methodBuilder("buildLayout")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(MODEL_LAYOUT)
        .addStatement("$T parameters = new $T<>()", listType, ArrayList.class);
    List<Layout.Param> params = layout.params;
    for (int from = 0, part = 1; from < params.size(); from += PARAMS_PER_METHOD, part++) {
      MethodSpec.Builder helper = MethodSpec.methodBuilder("parameters" + part)
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addParameter(listType, "parameters");
      for (Layout.Param p : params.subList(from, Math.min(params.size(), from + PARAMS_PER_METHOD))) {
        helper.addStatement("parameters.add(new $T($S, $S, $L, $L, $T.$L, $L, $L, $L))", PARAMETER_INFO,
            p.node().name() + "." + p.spec().role(), p.node().name(), p.constant(),
            ints(p.spec().shape().dims()), INIT, p.spec().init().name(), p.spec().fanIn(),
            p.spec().fanOut(), p.spec().trainable());
      }
      type.addMethod(helper.build());
      method.addStatement("parameters$L(parameters)", part);
    }
    int[] sizes = layout.buffers.stream().mapToInt(b -> (int) b.size()).toArray();
    if (sizes.length <= BUFFERS_PER_METHOD) {
      method.addStatement("int[] buffers = $L", ints(sizes));
    } else {
      // one array literal costs ~7 bytes of bytecode per entry: fill big plans in parts
      method.addStatement("int[] buffers = new int[$L]", sizes.length);
      for (int from = 0, part = 1; from < sizes.length; from += BUFFERS_PER_METHOD, part++) {
        MethodSpec.Builder helper = MethodSpec.methodBuilder("bufferSizes" + part)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(int[].class, "buffers");
        for (int i = from; i < Math.min(sizes.length, from + BUFFERS_PER_METHOD); i++) {
          helper.addStatement("buffers[$L] = $L", layout.buffers.get(i).constant(), sizes[i]);
        }
        type.addMethod(helper.build());
        method.addStatement("bufferSizes$L(buffers)", part);
      }
    }
    method.addCode("return new $T(\n", MODEL_LAYOUT)
        .addCode("    $S,\n", graph.name())
        .addCode("    $L,\n", graph.packsInputs() ? ints(new int[] {(int) packedInput}) : ints(input.shape().dims()))
        .addCode("    $L,\n", graph.packsOutputs() ? ints(new int[] {(int) packedOutput}) : ints(out.shape().dims()))
        .addCode("    $L,\n", packedTarget)
        .addCode("    $T.$L,\n", LOSS_KIND, graph.loss().kind().name())
        .addCode("    $L,\n", optimizer(graph))
        .addCode("    new $T($L, $L, $LL, $L),\n", TRAINING_SPEC, graph.batchSize(), graph.epochs(),
            graph.seed() == null ? 0 : graph.seed(), graph.seed() != null)
        .addCode("    $T.unmodifiableList(parameters),\n", java.util.Collections.class)
        .addCode("    buffers,\n")
        .addCode("    $T.of($L),\n", List.class, bufferNames(layout))
        .addCode("    $L,\n", graph.packsOutputs() ? layout.packedOutputs() : layout.valueBuffer(out))
        .addCode("    SUMMARY,\n")
        .addCode("    $T.of($L),\n", List.class, inputPorts(graph))
        .addCode("    $T.of($L));\n", List.class, outputPorts(graph));
    type.addMethod(method.build());
  }

  /** {@code new InputPort("image", new int[] {1, 28, 28}, 0, false), ...}: the inputs in packing order. */
  private static CodeBlock inputPorts(Graph graph) {
    List<CodeBlock> ports = new ArrayList<>();
    int offset = 0;
    for (Node in : graph.inputs()) {
      ports.add(CodeBlock.of("new $T($S, $L, $L, $L)", INPUT_PORT, in.name(), ints(in.shape().dims()), offset,
          in.isIntegerInput()));
      offset += (int) in.shape().size();
    }
    return CodeBlock.join(ports, ", ");
  }

  /** The outputs in packing order, each with its loss, weight and target slice. */
  private static CodeBlock outputPorts(Graph graph) {
    List<CodeBlock> ports = new ArrayList<>();
    int offset = 0;
    int targetOffset = 0;
    for (Output out : graph.outputs()) {
      Node node = out.node();
      int targetSize = (int) out.loss().targetSize(node.shape());
      ports.add(CodeBlock.of("new $T($S, $L, $L, $T.$L, $L, $L, $L)", OUTPUT_PORT, node.name(),
          ints(node.shape().dims()), offset, LOSS_KIND, out.loss().kind().name(), Double.toString(out.weight()),
          targetOffset, targetSize));
      offset += (int) node.shape().size();
      targetOffset += targetSize;
    }
    return CodeBlock.join(ports, ", ");
  }

  /** Buffer descriptions; past a few hundred they are numbered instead, to keep the method small. */
  private static CodeBlock bufferNames(Layout layout) {
    if (layout.buffers.size() > 200) {
      return CodeBlock.of("");
    }
    return CodeBlock.join(layout.buffers.stream().map(b -> CodeBlock.of("$S", b.doc())).toList(), ", ");
  }

  private static CodeBlock optimizer(Graph graph) {
    Map<String, Double> args = graph.optimizerArgs();
    if (args.isEmpty()) {
      return CodeBlock.of("new $T($S, $T.of())", OPTIMIZER_SPEC, graph.optimizer(), Map.class);
    }
    String entries = args.entrySet().stream()
        .map(e -> CodeBlock.of("$S, $L", e.getKey(), Double.toString(e.getValue())).toString())
        .collect(Collectors.joining(", "));
    return CodeBlock.of("new $T($S, $T.of($L))", OPTIMIZER_SPEC, graph.optimizer(), Map.class, entries);
  }

  static CodeBlock ints(int[] values) {
    return CodeBlock.of("new int[] {$L}",
        IntStream.of(values).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
  }
}
