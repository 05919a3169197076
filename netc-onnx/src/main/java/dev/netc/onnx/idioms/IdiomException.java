package dev.netc.onnx.idioms;

import onnx.Onnx.NodeProto;

/** An idiom that netc cannot map, about one node: the importer reports its name, op type and why. */
public final class IdiomException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient NodeProto node;
  private final String why;

  /**
   * @param node the node the problem is about
   * @param why what netc cannot map, without the node
   */
  public IdiomException(NodeProto node, String why) {
    super(NodeIndex.describe(node) + ": " + why);
    this.node = node;
    this.why = why;
  }

  /** The node the problem is about. */
  public NodeProto node() {
    return node;
  }

  /** What is wrong, without the node. */
  public String why() {
    return why;
  }
}
