package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;

/**
 * An axis of the per-example shape, as {@code slice}, {@code mean} and {@code max} take it: 0 is
 * the first axis after the batch, a negative axis counts from the end (-1 is the last). The
 * shape splits around it into {@code outer} (the product of the axes before), the axis itself and
 * {@code inner} (the product of the axes after), so the element at (o, k, i) sits at
 * {@code (o * dim + k) * inner + i}.
 */
record Axis(int axis, int outer, int dim, int inner) {

  /** The argument: any integer, checked against the input's rank by {@link #resolve}. */
  static ArgSpec arg(String doc) {
    return ArgSpec.required("axis", ArgType.anyInt(), doc);
  }

  /** The axis argument {@code axis} of {@code args} on {@code input}, or null after reporting why not. */
  static Axis resolve(String op, Shape input, Args args, Diagnostics diags) {
    int written = args.intArg("axis");
    int rank = input.rank();
    int axis = written < 0 ? written + rank : written;
    if (axis < 0 || axis >= rank) {
      diags.error(args.pos("axis"), op + ": axis " + written + " is out of range for " + input.describe()
          + ", which has rank " + rank + ": use 0 to " + (rank - 1) + " (0 is the first axis after the batch)"
          + " or -" + rank + " to -1 from the end");
      return null;
    }
    return of(input, axis);
  }

  /** The axis of {@code args} on an input its shape rule accepted. */
  static Axis of(Shape input, Args args) {
    int axis = args.intArg("axis");
    return of(input, axis < 0 ? axis + input.rank() : axis);
  }

  private static Axis of(Shape input, int axis) {
    int outer = 1;
    int inner = 1;
    for (int i = 0; i < input.rank(); i++) {
      if (i < axis) {
        outer *= input.dim(i);
      } else if (i > axis) {
        inner *= input.dim(i);
      }
    }
    return new Axis(axis, outer, input.dim(axis), inner);
  }

  /** The input's dimensions with this axis set to {@code size} (0: removed). */
  int[] dimsWith(Shape input, int size) {
    int[] dims = input.dims();
    if (size > 0) {
      dims[axis] = size;
      return dims;
    }
    int[] out = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != axis) {
        out[j++] = dims[i];
      }
    }
    return out;
  }
}
