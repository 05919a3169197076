package dev.netc.onnx;

/**
 * A netc network (or its weights) that cannot be exported to ONNX: a layer whose op has no ONNX
 * mapping yet, or weights that belong to another network. The message names the layer.
 */
public final class OnnxExportException extends Exception {
  private static final long serialVersionUID = 1L;

  public OnnxExportException(String message) {
    super(message);
  }

  public OnnxExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
