package dev.netc.onnx.core;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxExportException;
import dev.netc.onnx.OnnxImportException;
import java.util.List;
import onnx.Onnx.NodeProto;

/**
 * One netc op (or family of ops) and its ONNX counterparts, both directions side by side: how a
 * netc layer and its parameters become ONNX nodes and initializers, and how ONNX nodes become a
 * {@code .net} statement and parameters in netc's layout (weight transposes, gate orders). Register
 * it in {@code dev.netc.onnx.ops.OnnxOps}; that is all adding an op takes.
 */
public interface OnnxOp {

  /** The netc op names this class exports, e.g. {@code dense}. */
  List<String> netcOps();

  /**
   * The ONNX op types this class imports, e.g. {@code Gemm, MatMul}: the types a node list may
   * start with; the class may take in the nodes that follow (a bias {@code Add}, a fused activation)
   * with {@link ImportContext#claim}.
   */
  List<String> onnxOps();

  /**
   * Writes {@code node}'s ONNX nodes and initializers: inputs from {@link ExportContext#input}, the
   * result under {@link ExportContext#output}, in inference mode (batch norm with running
   * statistics, no dropout).
   */
  void export(ExportContext cx, Node node) throws OnnxExportException;

  /**
   * Turns {@code node} (and any nodes it claims) into netc layers with {@link ImportContext#layer},
   * binding every ONNX output it consumes; throws {@link ImportContext#refuse} for attributes or
   * inputs netc has no equivalent for.
   */
  void importNode(ImportContext cx, NodeProto node) throws OnnxImportException;
}
