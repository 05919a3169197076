package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.List;

/**
 * {@code concat(a, b, ..., axis: 0)}: the values side by side along one axis of the example (axis
 * 0 is the first non-batch axis, so channels of {@code [C, H, W]} values). Every other axis must
 * agree. Per example the output is {@code outer} rows, each the inputs' chunks one after the other,
 * so forward and backward are plain array copies.
 */
public final class ConcatOp implements Op {

  @Override
  public String name() {
    return "concat";
  }

  @Override
  public String doc() {
    return "concatenation of two or more values along an axis (axis: 0, the first non-batch axis)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(ArgSpec.optional("axis", new ArgType.IntType(-8, 8), 0L,
        "the axis to join along; negative counts from the last"));
  }

  @Override
  public int minInputs() {
    return 2;
  }

  @Override
  public int maxInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    return input;
  }

  @Override
  public Shape inferShape(List<Shape> inputs, List<String> names, Args args, Diagnostics diags, String where) {
    Shape first = inputs.get(0);
    int written = args.intArg("axis");
    int axis = axis(first.rank(), written);
    if (axis < 0) {
      diags.error(args.pos("axis"), "concat: axis " + written + " is out of range for " + names.get(0) + " "
          + first.describe() + " (rank " + first.rank() + "): " + (first.rank() == 1 ? "its only axis is 0 (or -1)"
          : "use 0 to " + (first.rank() - 1) + " (or -1 to -" + first.rank() + " from the end)")
          + "; the batch axis is not counted");
      return null;
    }
    int[] dims = first.dims();
    for (int k = 1; k < inputs.size(); k++) {
      Shape s = inputs.get(k);
      boolean fits = s.rank() == first.rank();
      for (int d = 0; fits && d < s.rank(); d++) {
        fits = d == axis || s.dim(d) == first.dim(d);
      }
      if (!fits) {
        diags.error(args.callPos(), "concat: cannot join " + names.get(0) + " " + first.describe() + " and "
            + names.get(k) + " " + s.describe() + " along axis " + axis + ": every other axis must be equal"
            + (s.rank() == first.rank() ? "; bring them to the same size first (a strided conv2d, a pool or a"
            + " projection), or join along another axis" : "; both need rank " + first.rank()));
        return null;
      }
      dims[axis] += s.dim(axis);
    }
    return Shape.of(dims);
  }

  /** The axis {@code written} means for a value of rank {@code rank}, or -1 when out of range. */
  static int axis(int rank, int written) {
    int axis = written < 0 ? rank + written : written;
    return axis >= 0 && axis < rank ? axis : -1;
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 0;
  }

  @Override
  public String describe(Args args) {
    return "concat along axis " + args.intArg("axis");
  }

  /** Floats per example before the axis: how many rows of chunks an example has. */
  private static int outer(Shape s, int axis) {
    int n = 1;
    for (int d = 0; d < axis; d++) {
      n *= s.dim(d);
    }
    return n;
  }

  @Override
  public void emitForward(LayerCode c) {
    int axis = axis(c.outShape().rank(), c.args().intArg("axis"));
    int rows = outer(c.outShape(), axis);
    int outChunk = c.outSize() / rows;
    c.add("// per example $L row(s) of $L floats, each the inputs' chunks side by side\n", rows, outChunk)
        .statement("int rows = $L", LayerCode.batchTimes(rows))
        .begin("for (int r = 0; r < rows; r++)");
    int offset = 0;
    for (int k = 0; k < c.inputCount(); k++) {
      int chunk = (int) c.inShape(k).size() / rows;
      c.copy("x" + k, Index.var("r").times(chunk), "y", Index.var("r").times(outChunk).plus(offset), chunk);
      offset += chunk;
    }
    c.end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    int axis = axis(c.outShape().rank(), c.args().intArg("axis"));
    int rows = outer(c.outShape(), axis);
    int outChunk = c.outSize() / rows;
    int offset = 0;
    for (int k = 0; k < c.inputCount(); k++) {
      int chunk = (int) c.inShape(k).size() / rows;
      Index from = Index.var("r").times(outChunk).plus(offset);
      c.add("// x$L's chunk of every row$L\n", k, c.accumulate(k) ? ", added" : "").beginInputGrad(k)
          .begin("for (int r = 0; r < $L; r++)", LayerCode.batchTimes(rows));
      if (c.accumulate(k)) {
        c.statement("int from = $L", from)
            .begin("for (int j = 0; j < $L; j++)", chunk)
            .statement("gx$L[$L + j] += gy[from + j]", k, Index.var("r").times(chunk))
            .end();
      } else {
        c.copy("gy", from, "gx" + k, Index.var("r").times(chunk), chunk);
      }
      c.end().endInputGrad(k);
      offset += chunk;
    }
  }
}
