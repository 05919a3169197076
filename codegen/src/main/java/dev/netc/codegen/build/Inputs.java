package dev.netc.codegen.build;

import dev.netc.codegen.base.Limits;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.ir.Node;
import dev.netc.dsl.ast.InputDecl;
import java.util.List;

/**
 * An input declaration: checks its element type and dimensions, then makes its node. A network may
 * declare several; they arrive packed per example in declaration order.
 */
final class Inputs {
  private Inputs() {}

  /** The input's node, or null after reporting why there is none. */
  static Node declare(InputDecl in, NetworkContext ctx) {
    if (ctx.inputCount == Limits.MAX_PORTS) {
      ctx.diags.error(in.pos(), "input " + in.name() + ": more than " + Limits.MAX_PORTS
          + " inputs; pack related inputs into one (a float[n] input) instead");
      return null;
    }
    ctx.inputCount++;
    if (!ctx.network.define(in.name(), in.pos(), ctx.diags)) {
      return null;
    }
    boolean ok = true;
    // int[...] inputs hold token ids, passed as floats (exact below 2^24); only some ops read them
    boolean ids = in.elementType().equals("int");
    if (!ids && !in.elementType().equals("float")) {
      ctx.diags.error(in.typePos(), "unknown element type '" + in.elementType()
          + "'; inputs are float[...] or int[...]");
      ok = false;
    }
    long size = 1;
    for (int d : in.dims()) {
      if (d < 1) {
        ctx.diags.error(in.pos(), "input " + in.name() + ": dimensions must be positive, got " + in.dims());
        ok = false;
        break;
      }
      size *= d;
      if (size > Limits.MAX_ELEMENTS) {
        ctx.diags.error(in.pos(), "input " + in.name() + " has more than " + Limits.MAX_ELEMENTS
            + " elements");
        ok = false;
        break;
      }
    }
    if (!ok) {
      return null;
    }
    Node node = ctx.add(new Node(ctx.nextId(), in.name(), true, null,
        ids ? Node.integerInputArgs(in.pos()) : null, List.of(),
        Shape.of(in.dims().stream().mapToInt(Integer::intValue).toArray()), List.of(), in.pos()));
    ctx.network.values.put(in.name(), node);
    return node;
  }
}
