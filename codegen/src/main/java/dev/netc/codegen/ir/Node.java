package dev.netc.codegen.ir;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;

import dev.netc.codegen.ops.Args;
import dev.netc.codegen.ops.Op;
import dev.netc.dsl.SourcePos;
import java.util.List;
import java.util.Map;

/**
 * One value in the network graph: the op that computes it, its inputs, resolved arguments and
 * static output shape. Input declarations are nodes with a null op.
 *
 * @param name the user's name for the value, or a generated one such as {@code dense_1}
 * @param userNamed whether the user wrote the name
 */
public record Node(
    int id,
    String name,
    boolean userNamed,
    Op op,
    Args args,
    List<Node> inputs,
    Shape shape,
    List<ParamSpec> params,
    SourcePos pos) {

  /** The argument under which an input node records its element type. */
  private static final String ELEMENT_TYPE = "element_type";

  /** The arguments of an {@code int[...]} input node: what {@link #isIntegerInput} recognizes. */
  public static Args integerInputArgs(SourcePos pos) {
    return new Args(Map.of(ELEMENT_TYPE, "int"), Map.of(), pos);
  }

  public boolean isInput() {
    return op == null;
  }

  public Node input() {
    return inputs.get(0);
  }

  public String opName() {
    return op == null ? "input" : op.name();
  }

  /**
   * Whether this is an {@code int[...]} input: token ids, which only ops that {@link
   * Op#acceptsIntegerInput() accept integer input} read.
   */
  public boolean isIntegerInput() {
    return isInput() && args != null && "int".equals(args.values().get(ELEMENT_TYPE));
  }

  /** Whether this node's memory is its input's memory (flatten, reshape). */
  public boolean isView() {
    return op != null && op.isView();
  }

  /** The value owning this node's memory: the node itself, or the source of a chain of views. */
  public Node storage() {
    Node n = this;
    while (n.isView()) {
      n = n.input();
    }
    return n;
  }

  @Override
  public String toString() {
    return name + " = " + opName() + " " + shape.describe();
  }
}
