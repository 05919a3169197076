package dev.netc.onnx;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.NetcLayout;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.ops.OnnxOps;
import dev.netc.runtime.Model;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.io.WeightLayout;
import java.io.IOException;
import java.nio.file.Path;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Exports a checked netc network with its weights as an ONNX model (opset {@value #OPSET}, IR
 * version {@value #IR_VERSION}): the inference graph (batch norm with its running statistics,
 * dropout gone), values and nodes named after the {@code .net} layers, initializers after the
 * layers' parameters ({@code conv1.weight}), and a dynamic batch dimension {@code batch} on every
 * input and output.
 *
 * <pre>{@code
 * Graph graph = NetcCompiler.check(source, imports).graphs().get(0);
 * ModelProto onnx = OnnxExporter.export(graph, model);      // a live model of that network
 * OnnxFiles.write(onnx, Path.of("mlp.onnx"));
 * }</pre>
 */
public final class OnnxExporter {
  /** The ONNX opset exported models import. */
  public static final int OPSET = 17;
  /** The ONNX IR version of exported models (ONNX 1.12's). */
  public static final int IR_VERSION = 8;
  /** The symbolic name of the batch dimension. */
  public static final String BATCH = "batch";

  private OnnxExporter() {}

  /**
   * Exports {@code graph} with the flat parameter buffer {@code params}, laid out as the network's
   * generated class lays it out.
   * @throws OnnxExportException when a layer's op has no ONNX mapping or {@code params} has the wrong size
   */
  public static ModelProto export(Graph graph, float[] params) throws OnnxExportException {
    NetcLayout layout = NetcLayout.of(graph);
    if (params.length != layout.parameterCount()) {
      throw new OnnxExportException("network " + graph.name() + " has " + layout.parameterCount()
          + " parameters, the weights given have " + params.length);
    }
    GraphProto.Builder onnx = GraphProto.newBuilder().setName(graph.name());
    ExportContext cx = new ExportContext(graph, params, layout, onnx);
    for (Node in : graph.inputs()) {
      onnx.addInput(valueInfo(in.name(), in.shape().dims(), in.isIntegerInput()));
    }
    for (Node node : graph.nodes()) {
      if (node.isInput()) {
        continue;
      }
      OnnxOp op = OnnxOps.forNetc(node.opName());
      if (op == null) {
        throw new OnnxExportException("layer " + node.name() + " (" + node.opName() + "): netc cannot export op "
            + node.opName() + " to ONNX; exportable ops: " + String.join(", ", OnnxOps.exportableOps()));
      }
      op.export(cx, node);
    }
    for (Output out : graph.outputs()) {
      onnx.addOutput(valueInfo(cx.valueName(out.node()), out.node().shape().dims(), false));
    }
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("netc")
        .setProducerVersion(version())
        .setDocString("netc network " + graph.name() + ", exported for inference")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(onnx)
        .build();
  }

  /**
   * Exports {@code graph} with the weights of {@code model}, which must be an instance of the
   * network's generated class (same name and parameter layout).
   * @throws OnnxExportException when the model is of another network
   */
  public static ModelProto export(Graph graph, Model model) throws OnnxExportException {
    WeightLayout own = NetcLayout.of(graph).weights();
    if (!own.network().equals(model.name())
        || ModelFile.layoutHash(own.parameters()) != ModelFile.layoutHash(model.parameterInfo())) {
      throw new OnnxExportException("the model is of network " + model.name() + " with another parameter layout"
          + " than network " + graph.name() + "; export a model of the network the graph was checked from");
    }
    return export(graph, model.parameters());
  }

  /**
   * Exports {@code graph} with the weights saved in {@code modelFile} (by {@code ModelFile.save}
   * or a checkpoint), which must be of this network: the file's checks refuse another's.
   * @throws IOException when the file cannot be read or is not of this network
   */
  public static ModelProto export(Graph graph, Path modelFile) throws OnnxExportException, IOException {
    float[] params = ModelFile.read(NetcLayout.of(graph).weights(), modelFile);
    return export(graph, params);
  }

  /** A tensor value description: float (or int64 for token ids) with a dynamic batch dim. */
  static ValueInfoProto valueInfo(String name, int[] shape, boolean integer) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (int d : shape) {
      dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    int type = integer ? TensorProto.DataType.INT64_VALUE : TensorProto.DataType.FLOAT_VALUE;
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(dims))).build();
  }

  private static String version() {
    String v = OnnxExporter.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
