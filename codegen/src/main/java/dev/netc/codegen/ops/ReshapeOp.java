package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.Arrays;
import java.util.List;

/** {@code reshape([7, 112])}: same elements, new shape; one dimension may be -1. A view. */
public final class ReshapeOp implements Op {

  @Override
  public String name() {
    return "reshape";
  }

  @Override
  public String doc() {
    return "reshape([d1, d2, ...]) keeping the element count (no copy); one dimension may be -1";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(ArgSpec.required("shape", new ArgType.IntListType(1, true), "the new shape"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    int[] dims = args.intListArg("shape");
    long known = 1;
    int infer = -1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1) {
        infer = i;
      } else {
        known = Math.multiplyExact(known, dims[i]);
      }
    }
    long size = input.size();
    if (infer >= 0) {
      if (size % known != 0) {
        diags.error(args.pos("shape"), "reshape: cannot fit " + input.describe() + " (" + size
            + " elements) into " + Arrays.toString(dims) + ": " + size + " is not a multiple of " + known);
        return null;
      }
      dims[infer] = (int) (size / known);
      known = size;
    }
    if (known != size) {
      diags.error(args.pos("shape"), "reshape: cannot reshape " + input.describe() + " (" + size
          + " elements) to " + Shape.of(dims) + " (" + known + " elements)");
      return null;
    }
    return Shape.of(dims);
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
