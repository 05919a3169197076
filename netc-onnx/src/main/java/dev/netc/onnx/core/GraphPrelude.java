package dev.netc.onnx.core;

import dev.netc.onnx.OnnxImportException;
import java.util.HashSet;
import java.util.Set;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * The checks and reading that come before any node is mapped: the model's IR version and opset,
 * its initializers as constants, its inputs as netc inputs (a batch axis first, fixed dims after),
 * and the first folding pass over nodes whose inputs are all constants.
 */
public final class GraphPrelude {
  /**
   * The oldest default-domain opset netc imports: opset 11 (ONNX 1.6) gave Pad, Slice and
   * Unsqueeze their current inputs; what changed since (Softmax's axis, Squeeze's axes) the
   * mappings read by opset.
   */
  public static final int MIN_OPSET = 11;
  /** The newest default-domain opset netc imports. */
  public static final int MAX_OPSET = 17;
  /** IR versions read: ONNX 1.6's (IR 6, opset 11) up to ONNX 1.16's (IR 10). */
  static final int MIN_IR = 6;
  static final int MAX_IR = 10;

  private GraphPrelude() {}

  /** The default domain's opset, checked to be in range; other domains are refused. */
  public static int opset(ModelProto model) throws OnnxImportException {
    if (!model.hasGraph()) {
      throw new OnnxImportException("the model has no graph");
    }
    if (model.getIrVersion() < MIN_IR || model.getIrVersion() > MAX_IR) {
      throw new OnnxImportException("IR version " + model.getIrVersion() + " is not supported; netc reads IR versions "
          + MIN_IR + " to " + MAX_IR);
    }
    int opset = -1;
    for (OperatorSetIdProto id : model.getOpsetImportList()) {
      if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
        opset = (int) id.getVersion();
      }
    }
    if (opset < 0) {
      throw new OnnxImportException("the model imports no version of the default ONNX opset (ai.onnx)");
    }
    if (opset < MIN_OPSET || opset > MAX_OPSET) {
      throw new OnnxImportException("opset " + opset + " is not supported; netc imports opsets " + MIN_OPSET + " to "
          + MAX_OPSET + " (export again with opset_version=" + MAX_OPSET + ")");
    }
    for (NodeProto n : model.getGraph().getNodeList()) {
      if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
        throw new OnnxImportException(n.getName(), n.getOpType(), "op domain " + n.getDomain()
            + " is not supported; netc imports ops of the default ONNX domain only");
      }
      NodeArity.check(n);
    }
    return opset;
  }

  /** Records every initializer as a constant. */
  public static Set<String> initializers(ImportContext cx) throws OnnxImportException {
    Set<String> names = new HashSet<>();
    for (TensorProto t : cx.graph().getInitializerList()) {
      if (Tensors.isExternal(t)) {
        throw new OnnxImportException("initializer \"" + t.getName() + "\" keeps its data in an external file;"
            + " netc reads models whose weights are inside the .onnx file");
      }
      Constant c = ConstantFolder.fromTensor(t);
      if (c == null) {
        throw new OnnxImportException("initializer \"" + t.getName() + "\" has data type "
            + TensorProto.DataType.forNumber(t.getDataType()) + " or data that does not match its dims "
            + java.util.Arrays.toString(Tensors.dims(t)) + "; netc reads float, double and integer tensors");
      }
      cx.setConstant(t.getName(), c);
      names.add(t.getName());
    }
    return names;
  }

  /** Declares every graph input that is no initializer as a netc input. */
  public static void inputs(ImportContext cx, Set<String> initializers) throws OnnxImportException {
    int declared = 0;
    for (ValueInfoProto in : cx.graph().getInputList()) {
      if (initializers.contains(in.getName())) {
        continue;
      }
      declareInput(cx, in);
      declared++;
    }
    if (declared == 0) {
      throw new OnnxImportException("the graph has no input that is not an initializer");
    }
  }

  private static void declareInput(ImportContext cx, ValueInfoProto in) throws OnnxImportException {
    String name = in.getName();
    if (!in.getType().hasTensorType()) {
      throw new OnnxImportException("input \"" + name + "\" is not a tensor; netc networks take tensors");
    }
    TypeProto.Tensor t = in.getType().getTensorType();
    int elem = t.getElemType();
    boolean integer = elem == TensorProto.DataType.INT64_VALUE || elem == TensorProto.DataType.INT32_VALUE;
    if (elem != TensorProto.DataType.FLOAT_VALUE && !integer) {
      throw new OnnxImportException("input \"" + name + "\" has element type " + TensorProto.DataType.forNumber(elem)
          + "; netc networks take float tensors (or int64 token ids)");
    }
    if (!t.hasShape() || t.getShape().getDimCount() < 2) {
      throw new OnnxImportException("input \"" + name + "\" needs a static shape [batch, d1, ...] with at least one"
          + " dim after the batch; it has " + (t.hasShape() ? t.getShape().getDimCount() + " dims" : "no shape"));
    }
    int[] shape = new int[t.getShape().getDimCount() - 1];
    StringBuilder onnx = new StringBuilder("[");
    for (int i = 0; i < t.getShape().getDimCount(); i++) {
      TensorShapeProto.Dimension d = t.getShape().getDim(i);
      String text = d.hasDimValue() ? Long.toString(d.getDimValue()) : d.hasDimParam() ? d.getDimParam() : "?";
      onnx.append(i == 0 ? "" : ", ").append(text);
      if (i == 0) {
        // an export without a dynamic batch axis fixes it (PyTorch writes the example's batch size)
        cx.noteBatchDim(d.hasDimValue() ? d.getDimValue() : -1);
        continue;
      }
      if (!d.hasDimValue() || d.getDimValue() <= 0 || d.getDimValue() > Integer.MAX_VALUE) {
        throw new OnnxImportException("input \"" + name + "\" has dim " + i + " = " + text + "; netc needs every dim"
            + " after the batch fixed (export with dynamic_axes on the batch axis only)");
      }
      shape[i - 1] = (int) d.getDimValue();
    }
    cx.declareInput(name, integer ? "int" : "float", shape, integer, "ONNX input \"" + name + "\" " + onnx + "]");
  }

  /** Folds, in graph order, every node whose inputs are all constants; returns the folded nodes. */
  public static Set<NodeProto> foldConstants(ImportContext cx) throws OnnxImportException {
    Set<NodeProto> folded = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    GraphProto g = cx.graph();
    for (NodeProto n : g.getNodeList()) {
      boolean allConstant = n.getInputList().stream().allMatch(i -> i.isEmpty() || cx.constant(i) != null);
      if (allConstant && ConstantFolder.fold(cx, n)) {
        folded.add(n);
      }
    }
    return folded;
  }
}
