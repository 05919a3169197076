package dev.netc.onnx;

/**
 * A netc network (or its weights) that cannot be exported to ONNX: a layer whose op has no ONNX
 * mapping yet, or weights that belong to another network. The message names the layer.
 */
public final class OnnxExportException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An export refused for the reason {@code message} gives (naming the layer). */
  public OnnxExportException(String message) {
    super(message);
  }

  /** An export refused because of {@code cause}. */
  public OnnxExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
