package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.List;

/** {@code flatten}: any shape to rank 1. A view: row-major memory is already flat. */
public final class FlattenOp implements Op {

  @Override
  public String name() {
    return "flatten";
  }

  @Override
  public String doc() {
    return "flatten to rank 1 (no copy)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of();
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    return Shape.of((int) input.size());
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 0;
  }

  @Override
  public boolean isView() {
    return true;
  }

  @Override
  public void emitForward(LayerCode code) {}

  @Override
  public void emitBackward(LayerCode code) {}
}
