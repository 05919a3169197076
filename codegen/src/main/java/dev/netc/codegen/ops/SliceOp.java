package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.List;

/**
 * {@code slice(axis, from, to)}: keeps indices {@code [from, to)} of one axis of the per-example
 * shape, as Python's {@code x[..., from:to, ...]}. Axis 0 is the first axis after the batch; a
 * negative axis, from or to counts from the end. Unlike Python, bounds beyond the axis and empty
 * ranges are errors rather than clamped.
 *
 * <p>Per row of the axes before it, the kept range is one contiguous block, so forward is one
 * {@code System.arraycopy} per row. Backward copies the gradient back into the block and writes
 * zeros elsewhere; when the input's gradient is accumulated (another layer reads the input too)
 * it adds to the block only.
 */
public final class SliceOp implements Op {

  @Override
  public String name() {
    return "slice";
  }

  @Override
  public String doc() {
    return "slice(axis, from, to): keep [from, to) of one axis (0 is the first after the batch; negative counts"
        + " from the end)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        Axis.arg("the axis to cut: 0 is the first after the batch, -1 the last"),
        ArgSpec.required("from", ArgType.anyInt(), "first index kept; negative counts from the end"),
        ArgSpec.required("to", ArgType.anyInt(), "index after the last kept; negative counts from the end"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    Axis axis = Axis.resolve(name(), input, args, diags);
    if (axis == null) {
      return null;
    }
    int dim = axis.dim();
    String of = " axis " + axis.axis() + " of " + input.describe() + " (size " + dim + ")";
    boolean ok = true;
    for (String bound : List.of("from", "to")) {
      int v = args.intArg(bound);
      if (v < -dim || v > dim) {
        diags.error(args.pos(bound), "slice: " + bound + " " + v + " is outside" + of
            + "; use -" + dim + " to " + dim);
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    int from = start(args, dim);
    int to = end(args, dim);
    if (to <= from) {
      String counted = args.intArg("from") < 0 || args.intArg("to") < 0
          ? " (from the start: " + from + " to " + to + ")" : "";
      diags.error(args.pos("to"), "slice: from " + args.intArg("from") + " to " + args.intArg("to") + counted
          + " keeps nothing of" + of + "; 'to' must be after 'from'");
      return null;
    }
    return Shape.of(axis.dimsWith(input, to - from));
  }

  private static int start(Args args, int dim) {
    int v = args.intArg("from");
    return v < 0 ? v + dim : v;
  }

  private static int end(Args args, int dim) {
    int v = args.intArg("to");
    return v < 0 ? v + dim : v;
  }

  @Override
  public String describe(Args args) {
    return "slice axis " + args.intArg("axis") + " [" + args.intArg("from") + ", " + args.intArg("to") + ")";
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 0;
  }

  @Override
  public void emitForward(LayerCode c) {
    Axis a = Axis.of(c.inShape(), c.args());
    int from = start(c.args(), a.dim());
    int block = (end(c.args(), a.dim()) - from) * a.inner();
    c.add("// per row of the axes before axis $L: indices [$L, $L) are one block of $L floats\n",
        a.axis(), from, from + block / a.inner(), block);
    c.loop("r", LayerCode.batchTimes(a.outer()), r ->
        c.copy("x", r.times(a.dim() * a.inner()).plus(from * a.inner()), "y", r.times(block), block));
  }

  @Override
  public void emitBackward(LayerCode c) {
    Axis a = Axis.of(c.inShape(), c.args());
    int from = start(c.args(), a.dim());
    int block = (end(c.args(), a.dim()) - from) * a.inner();
    c.beginInputGrad();
    if (c.accumulate()) {
      c.add("// the input's gradient is shared: add to the sliced block only\n");
    } else {
      c.add("// nothing outside the slice reached the output: zero there\n")
          .zero("gx", 0, LayerCode.batchTimes(c.inSize()));
    }
    c.loop("r", LayerCode.batchTimes(a.outer()), r -> {
      Index xo = r.times(a.dim() * a.inner()).plus(from * a.inner());
      Index yo = r.times(block);
      if (c.accumulate()) {
        c.loop("j", block, j -> c.statement("gx[$L] += gy[$L]", xo.plus(j), yo.plus(j)));
      } else {
        c.copy("gy", yo, "gx", xo, block);
      }
    });
    c.endInputGrad();
  }
}
