package dev.netc.onnx;

import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * The end of an import: the graph outputs as the network's outputs (in ONNX's shapes), a loss for
 * each (ONNX models carry none: one is chosen so the network can be fine-tuned), and the whole
 * {@code .net} text with a header saying where it came from.
 */
final class NetworkText {
  /** Outputs of these ops are probabilities, not class scores: they get mse rather than cross-entropy on logits. */
  private static final Set<String> NORMALIZED = Set.of("Softmax", "LogSoftmax", "Sigmoid");

  private NetworkText() {}

  static String render(ImportContext cx, ModelProto model, String networkName) throws OnnxImportException {
    List<String> outputs = new ArrayList<>();
    List<String> losses = new ArrayList<>();
    List<ValueInfoProto> declared = cx.graph().getOutputList();
    if (declared.isEmpty()) {
      throw new OnnxImportException("the graph declares no output");
    }
    for (ValueInfoProto out : declared) {
      String name = out.getName();
      if (cx.constant(name) != null) {
        throw new OnnxImportException("output \"" + name + "\" is a constant: it does not depend on the input");
      }
      Value v = cx.value(name);
      if (v == null) {
        throw new OnnxImportException("output \"" + name + "\" is not computed by any node");
      }
      String netc = cx.asOnnxShape(name);
      if (outputs.contains(netc)) {
        throw new OnnxImportException("output \"" + name + "\" is the same value as another output");
      }
      outputs.add(netc);
      NodeProto producer = cx.producer(name);
      boolean scores = v.onnxShape().length == 1 && (producer == null || !NORMALIZED.contains(producer.getOpType()));
      String loss = scores ? "softmax_cross_entropy" : "mse";
      losses.add("loss " + loss + (declared.size() > 1 ? "(" + netc + ")" : "") + ";"
          + "  // ONNX has no loss: chosen by the importer" + (scores ? " for class scores" : "")
          + "; change it to fine-tune");
    }
    List<String> header = new ArrayList<>();
    String producer = model.getProducerName().isEmpty() ? "an unnamed producer"
        : model.getProducerName() + (model.getProducerVersion().isEmpty() ? "" : " " + model.getProducerVersion());
    header.add("Imported from ONNX by netc: made by " + producer + ", opset " + cx.opset()
        + (cx.graph().getName().isEmpty() ? "" : ", graph \"" + cx.graph().getName() + "\"") + ".");
    header.add("Each layer is named after its ONNX node; the comment names the node(s) it came from.");
    return cx.source().render(header, networkName, outputs, losses);
  }
}
