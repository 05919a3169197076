package dev.netc.onnx;

/**
 * An ONNX model netc cannot import: bytes that are no ONNX model, an opset or IR version outside
 * the supported range, or a node whose op type, attributes or inputs have no netc equivalent. The
 * message names the node (its name and op type) when one is at fault; an import that fails writes
 * nothing.
 */
public final class OnnxImportException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String node;
  private final String opType;

  /** A problem with the model as a whole (its bytes, opset, inputs or outputs). */
  public OnnxImportException(String message) {
    super(message);
    this.node = null;
    this.opType = null;
  }

  /** A problem with one node, called {@code node} (may be empty in the file), of {@code opType}. */
  public OnnxImportException(String node, String opType, String message) {
    super("node \"" + node + "\" (" + opType + "): " + message);
    this.node = node;
    this.opType = opType;
  }

  /** The name of the node at fault, or null when the model as a whole is. */
  public String node() {
    return node;
  }

  /** The op type of the node at fault, or null when the model as a whole is. */
  public String opType() {
    return opType;
  }
}
