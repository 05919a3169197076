package dev.netc.codegen.emit;

import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.Fold;
import dev.netc.codegen.ops.LayerCode;
import dev.netc.codegen.ops.Op;
import dev.netc.codegen.plan.GradientPlan;
import dev.netc.codegen.plan.KernelDecision;
import dev.netc.codegen.plan.KernelPlan;
import dev.netc.codegen.base.Shape;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes each layer's {@code <name>Forward} and {@code <name>Backward} methods, with bodies from
 * the layer's op, and Javadoc naming the layer, where it is written, its shapes and its kernel.
 */
final class LayerMethodWriter {
  private final TypeSpec.Builder type;
  private final Graph graph;
  private final Layout layout;
  private final KernelPlan kernels;
  private final GradientPlan gradients;
  private final Operands operands;
  private final String sourceName;

  LayerMethodWriter(TypeSpec.Builder type, Graph graph, Layout layout, KernelPlan kernels,
      GradientPlan gradients, String sourceName) {
    this.type = type;
    this.graph = graph;
    this.layout = layout;
    this.kernels = kernels;
    this.gradients = gradients;
    this.operands = new Operands(layout);
    this.sourceName = sourceName;
  }

  /**
   * Both methods of every layer that has code (not inputs, not views), in graph order, and the
   * inference method of each layer that runs a fused group.
   */
  void writeAll(InferenceFusion fusion) {
    for (Node node : graph.nodes()) {
      if (!node.isInput() && !node.isView()) {
        write(node);
        InferenceFusion.Group g = fusion.groupOf(node);
        if (g != null && g.producer() == node) {
          writeInference(g);
        }
      }
    }
  }

  /**
   * {@code <name>Inference}: the producer's forward code with the batch norm (and activation) of
   * its group folded into its output pass; {@code fold} (the batch norm's statistics buffer) holds
   * the per-channel scale and shift for the length of the call.
   */
  private void writeInference(InferenceFusion.Group g) {
    Node node = g.producer();
    Fold fold = InferenceFusion.fold(g, layout);
    LayerCode code = layerCode(node, null).fold(fold);
    fold.writeScaleShift(code);
    node.op().emitForward(code);
    if (!code.isFoldApplied()) {
      fold.writeInPlace(code, (int) node.shape().size());
    }
    MethodSpec.Builder m = MethodSpec.methodBuilder(InferenceFusion.inferenceName(node))
        .addJavadoc("$L at inference: $L, then $L$L folded in; y is $L's value.\n", node.name(),
            node.op().describe(node.args()), fold.batchnorm(),
            fold.activationLayer() == null ? "" : " and " + fold.activationLayer(), g.last().name())
        .addModifiers(Modifier.PRIVATE);
    inputNames(node, "x").forEach(x -> m.addParameter(ModelEmitter.FLOATS, x));
    m.addParameter(ModelEmitter.FLOATS, "y");
    operands.extras(node).forEach(e -> m.addParameter(ModelEmitter.FLOATS, operands.extraName(node, e)));
    m.addParameter(ModelEmitter.FLOATS, "fold")
        .addParameter(int.class, "batch")
        .addStatement("float[] p = params");
    type.addMethod(m.addCode(code.build()).build());
  }

  private void write(Node node) {
    Op op = node.op();
    String where = node.name() + " (" + fileOf(node) + ":" + node.pos().line() + ":" + node.pos().column() + ")";
    String shapes = ForwardPassWriter.inputShapes(node) + " -> " + node.shape().describe();
    KernelDecision decision = kernels.decisionOf(node);
    String kernel = decision == null ? "" : "; kernel " + decision.cell();

    LayerCode fwd = layerCode(node, null);
    op.emitForward(fwd);
    MethodSpec.Builder forward = MethodSpec.methodBuilder(Operands.forwardName(node))
        .addJavadoc("$L forward: $L, $L$L.\n", where, shapes, op.describe(node.args()), kernel)
        .addModifiers(Modifier.PRIVATE);
    inputNames(node, "x").forEach(x -> forward.addParameter(ModelEmitter.FLOATS, x));
    forward.addParameter(ModelEmitter.FLOATS, "y");
    operands.extras(node).forEach(e -> forward.addParameter(ModelEmitter.FLOATS, operands.extraName(node, e)));
    forward.addParameter(int.class, "batch");
    if (op.usesTrainingMode()) {
      forward.addParameter(boolean.class, "training").addParameter(ModelEmitter.RNG, "rng");
    }
    if (!node.params().isEmpty()) {
      forward.addStatement("float[] p = params");
    }
    type.addMethod(forward.addCode(fwd.build()).build());

    GradientPlan.Step step = gradients.stepOf(node); // null for a layer the loss does not read
    LayerCode bwd = layerCode(node, step);
    op.emitBackward(bwd);
    boolean gxMayBeNull = false;
    for (int k = 0; k < node.inputs().size(); k++) {
      gxMayBeNull |= bwd.inputGradOptional(k);
    }
    MethodSpec.Builder backward = MethodSpec.methodBuilder(Operands.backwardName(node))
        .addJavadoc("$L backward: gradient $L -> $L$L$L.\n", where, node.shape().describe(),
            ForwardPassWriter.inputShapes(node), kernel, !gxMayBeNull ? ""
                : node.inputs().size() == 1 ? "; gx is null unless the input gradient was asked for"
                : "; a gx is null when its gradient is not wanted on this pass")
        .addModifiers(Modifier.PRIVATE);
    inputNames(node, "x").forEach(x -> backward.addParameter(ModelEmitter.FLOATS, x));
    backward.addParameter(ModelEmitter.FLOATS, "y")
        .addParameter(ModelEmitter.FLOATS, "gy");
    inputNames(node, "gx").forEach(gx -> backward.addParameter(ModelEmitter.FLOATS, gx));
    operands.extras(node).forEach(e -> backward.addParameter(ModelEmitter.FLOATS, operands.extraName(node, e)));
    backward.addParameter(int.class, "batch");
    if (!node.params().isEmpty()) {
      backward.addParameter(ModelEmitter.FLOATS, "g").addStatement("float[] p = params");
    }
    type.addMethod(backward.addCode(bwd.build()).build());
  }

  /**
   * {@code x} for a layer, {@code x0, x1, ...} for a merge; a layer's value arguments follow under
   * their own names ({@code x, h0}; gradients {@code gx, gh0}).
   */
  private static List<String> inputNames(Node node, String base) {
    List<String> names = new ArrayList<>();
    if (!node.op().isMerge()) {
      names.add(base);
      for (Op.ValueArg v : node.op().valueArgs()) {
        if (node.args().values().containsKey(v.name())) {
          names.add(base.equals("x") ? v.param() : "g" + v.param());
        }
      }
      return names;
    }
    for (int k = 0; k < node.inputs().size(); k++) {
      names.add(base + k);
    }
    return names;
  }

  /**
   * The emitting context of a layer; for backward ({@code step} given, or null for a layer the loss
   * does not read) with each input's {@code =} or {@code +=} and whether its gradient may be null.
   */
  private LayerCode layerCode(Node node, GradientPlan.Step step) {
    List<Shape> shapes = new ArrayList<>();
    List<Boolean> accumulate = new ArrayList<>();
    List<Boolean> optional = new ArrayList<>();
    for (int k = 0; k < node.inputs().size(); k++) {
      shapes.add(node.inputs().get(k).shape());
      GradientPlan.Write write = step == null ? null : step.writes().get(k);
      accumulate.add(write != null && write.accumulate());
      optional.add(write == null ? GradientPlan.storage(node.inputs().get(k)).isInput()
          : write.toNetworkInput() || write.gated());
    }
    return new LayerCode(node.name(), shapes, node.shape(), node.args(), layout.paramConstants.get(node),
        accumulate, optional, kernels.kernelOf(node)).inputNames(inputNames(node, "x"));
  }

  /** The file a layer is written in: this network's, or the one a block was imported from. */
  private String fileOf(Node node) {
    String file = node.pos().file();
    if (file.equals(graph.pos().file())) {
      return sourceName;
    }
    return Comments.safe(file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1));
  }
}
