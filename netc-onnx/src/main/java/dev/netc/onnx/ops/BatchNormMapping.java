package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.LayerBuilder;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * {@code batchnorm} and {@code BatchNormalization} in inference mode: netc's gamma, beta, running
 * mean and running variance are ONNX's scale, B, input_mean and input_var, per channel (axis 1 in
 * ONNX, the first per-example axis in netc). ONNX's momentum weighs the running statistics and
 * netc's the batch's, so each is one minus the other. A model exported for training ({@code
 * training_mode=1}) is refused.
 */
final class BatchNormMapping implements OnnxOp {
  private static final String[] ROLES = {"gamma", "beta", "running_mean", "running_var"};

  @Override
  public List<String> netcOps() {
    return List.of("batchnorm");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("BatchNormalization");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int c = cx.inputShape(node, 0)[0];
    String[] inputs = new String[5];
    inputs[0] = cx.input(node, 0);
    for (int i = 0; i < ROLES.length; i++) {
      inputs[i + 1] = cx.initializer(node.name() + "." + ROLES[i], cx.param(node, ROLES[i]), c);
    }
    cx.add(node, "BatchNormalization", List.of(inputs), List.of(cx.output(node)),
        Attributes.ofFloat("epsilon", (float) node.args().floatArg("eps")),
        Attributes.ofFloat("momentum", (float) (1 - node.args().floatArg("momentum"))));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    if (Attributes.getInt(node, "training_mode", 0) != 0 || node.getOutputCount() > 1
        && node.getOutputList().subList(1, node.getOutputCount()).stream().anyMatch(o -> !o.isEmpty())) {
      throw cx.refuse(node, "it is in training mode (training_mode=1 or running statistics as outputs); export the"
          + " model in eval mode");
    }
    Value x = cx.input(node, 0);
    int c = x.onnxShape()[0];
    LayerBuilder layer = cx.layer(node, "batchnorm").input(cx.inputAsOnnx(node, 0));
    float eps = Attributes.getFloat(node, "epsilon", 1e-5f);
    if (eps != 1e-5f) {
      layer.arg("eps", Float.toString(eps));
    }
    float momentum = 1 - Attributes.getFloat(node, "momentum", 0.9f);
    if (Math.abs(momentum - 0.1) > 1e-6) {
      layer.arg("momentum", Float.toString(momentum));
    }
    for (int i = 0; i < ROLES.length; i++) {
      layer.param(ROLES[i], cx.weights(node, i + 1, ROLES[i].replace('_', ' '), c));
    }
    layer.emit(node.getOutput(0), x.onnxShape());
  }
}
