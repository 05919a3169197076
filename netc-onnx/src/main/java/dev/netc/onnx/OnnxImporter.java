package dev.netc.onnx;

import dev.netc.codegen.CheckResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.InMemorySources;
import dev.netc.codegen.ir.Graph;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.onnx.core.ConstantFolder;
import dev.netc.onnx.core.GraphPrelude;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.NetcLayout;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.ops.Fusions;
import dev.netc.onnx.ops.OnnxOps;
import dev.netc.runtime.ParameterInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;

/**
 * Imports an ONNX model (a PyTorch export, say) as a readable {@code .net} network and its weights
 * in netc's layout. The layers are named after the ONNX nodes, each statement carries a comment
 * naming the node(s) it came from, constant sub-graphs (shape arithmetic, {@code Constant} nodes)
 * are folded, and Dropout and Identity disappear. The result is checked by netc before it is
 * returned; an op or attribute netc cannot map is an {@link OnnxImportException} naming the node,
 * and nothing is written.
 *
 * <pre>{@code
 * ImportedNetwork net = OnnxImporter.importFile(Path.of("cnn.onnx"), "FashionCnn");
 * net.write(Path.of("src/main/net/FashionCnn.net"), Path.of("fashion-cnn.model"));
 * }</pre>
 */
public final class OnnxImporter {
  private OnnxImporter() {}

  /** Reads and imports {@code onnxFile}; see {@link #importModel}. */
  public static ImportedNetwork importFile(Path onnxFile, String networkName) throws OnnxImportException, IOException {
    return importModel(OnnxFiles.read(onnxFile), networkName);
  }

  /**
   * Reads and imports {@code onnxFile} as network {@code networkName}, then writes the {@code .net}
   * file and the model file with its weights. Everything is checked before anything is written:
   * when the import fails, neither file is created (an existing one is left as it was).
   * @return the imported network
   */
  public static ImportedNetwork importInto(Path onnxFile, String networkName, Path netFile, Path modelFile)
      throws OnnxImportException, IOException {
    ImportedNetwork net = importFile(onnxFile, networkName);
    net.write(netFile, modelFile);
    return net;
  }

  /**
   * Imports {@code model} as the network {@code networkName} (a type name such as {@code
   * FashionCnn}).
   * @throws OnnxImportException when the model has an op, attribute or input netc cannot map
   */
  public static ImportedNetwork importModel(ModelProto model, String networkName) throws OnnxImportException {
    if (!networkName.matches("[A-Z][A-Za-z0-9]*")) {
      throw new OnnxImportException("network name \"" + networkName + "\" must be a type name: a capital letter, then"
          + " letters and digits (FashionCnn)");
    }
    int opset = GraphPrelude.opset(model);
    ImportContext cx = new ImportContext(model.getGraph(), opset);
    Set<String> initializers = GraphPrelude.initializers(cx);
    GraphPrelude.inputs(cx, initializers);
    Set<NodeProto> folded = GraphPrelude.foldConstants(cx);
    Fusions fusions = Fusions.find(cx);
    for (NodeProto node : model.getGraph().getNodeList()) {
      if (fusions.emitAt(cx, node) || folded.contains(node) || cx.isClaimed(node) || ConstantFolder.fold(cx, node)) {
        continue;
      }
      if (ConstantFolder.FOLDABLE.contains(node.getOpType()) && node.getInputList().stream()
          .allMatch(i -> i.isEmpty() || cx.constant(i) != null || cx.isDynamic(i))) {
        // shape arithmetic with the batch size: only a node that reads the result can say why it needs it
        cx.markDynamic(node);
        continue;
      }
      OnnxOp op = OnnxOps.forOnnx(node.getOpType());
      if (op == null) {
        throw new OnnxImportException(node.getName(), node.getOpType(), "netc cannot import op type "
            + node.getOpType() + (ConstantFolder.FOLDABLE.contains(node.getOpType())
            ? " on values computed at run time" : "") + "; supported op types: "
            + String.join(", ", OnnxOps.importableTypes()));
      }
      op.importNode(cx, node);
    }
    String text = NetworkText.render(cx, model, networkName);
    Graph graph = check(text, networkName);
    NetcLayout layout = NetcLayout.of(graph);
    return new ImportedNetwork(networkName, text, graph, layout.weights(), parameters(cx, layout));
  }

  /** Checks the written text as netc does; an error there means a mapping wrote something netc refuses. */
  private static Graph check(String text, String networkName) throws OnnxImportException {
    CheckResult result = NetcCompiler.check(new SourceFile(networkName + ".net", text), new InMemorySources(Map.of()));
    if (result.hasErrors() || result.graphs().isEmpty()) {
      String errors = result.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR)
          .map(Diagnostic::toString).collect(Collectors.joining("\n"));
      throw new OnnxImportException("the imported network does not check in netc:\n" + errors + "\n--- "
          + networkName + ".net:\n" + text);
    }
    return result.graphs().get(0);
  }

  /** The flat parameter buffer, each tensor from the layer that collected it. */
  private static float[] parameters(ImportContext cx, NetcLayout layout) throws OnnxImportException {
    float[] params = new float[layout.parameterCount()];
    List<ParameterInfo> infos = layout.weights().parameters();
    for (ParameterInfo p : infos) {
      Map<String, float[]> layer = cx.source().params().get(p.layer());
      float[] v = layer == null ? null : layer.get(p.name().substring(p.layer().length() + 1));
      if (v == null || v.length != p.size()) {
        // the layer's attributes (hidden_size, say) and its weight tensors disagree
        throw new OnnxImportException("the model's weights for " + p.name() + " hold "
            + (v == null ? "no values" : v.length + " values") + " where the layer its attributes describe needs "
            + p.size() + ": the node's attributes and its weight tensors disagree");
      }
      System.arraycopy(v, 0, params, p.offset(), v.length);
    }
    return params;
  }
}
