package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.List;

/**
 * {@code mean(axis, keep: false)} and {@code max(axis, keep: false)}: the mean or maximum over one
 * axis of the per-example shape (0 is the first after the batch, negative counts from the end).
 * The axis is removed, or kept with size 1 when {@code keep} is true (PyTorch's {@code keepdim});
 * reducing the only axis of a vector gives {@code [1]}, as netc has no rank-0 values.
 *
 * <p>max keeps the index of each maximum along the axis in the extra buffer {@code argmax} and
 * routes the whole gradient to it. On ties it takes the first maximum, as {@code torch.max(x,
 * dim)} does on the CPU; {@code torch.amax} would split the gradient evenly among the ties
 * instead.
 */
public final class ReduceOp implements Op {
  private final boolean max;

  public ReduceOp(boolean max) {
    this.max = max;
  }

  @Override
  public String name() {
    return max ? "max" : "mean";
  }

  @Override
  public String doc() {
    return (max ? "maximum" : "mean") + " over one axis: " + name() + "(axis, keep: false) removes the axis"
        + " (keep: true leaves it as size 1)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        Axis.arg("the axis to reduce: 0 is the first after the batch, -1 the last"),
        ArgSpec.optional("keep", ArgType.bool(), false, "keep the axis with size 1 instead of removing it"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    Axis axis = Axis.resolve(name(), input, args, diags);
    if (axis == null) {
      return null;
    }
    if (max && axis.dim() > (1 << 24)) {
      diags.error(args.pos("axis"), "max: axis " + args.intArg("axis") + " of " + input.describe()
          + " is longer than 2^24, too long for the float indices of its maxima");
      return null;
    }
    int[] dims = axis.dimsWith(input, args.boolArg("keep") ? 1 : 0);
    return dims.length == 0 ? Shape.of(1) : Shape.of(dims);
  }

  @Override
  public String describe(Args args) {
    return name() + " over axis " + args.intArg("axis") + (args.boolArg("keep") ? ", kept" : "");
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return input.size();
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return max
        ? List.of(new ExtraBuffer("argmax", output.size(), "index of each maximum along the axis, for backward"))
        : List.of();
  }

  @Override
  public void emitForward(LayerCode c) {
    Axis a = Axis.of(c.inShape(), c.args());
    int n = a.dim();
    Index xr = Index.var("xr");
    Loop i = beginElement(c, a);
    if (max) {
      c.statement("float best = x[xr]")
          .statement("int arg = 0");
      if (n > 1) {
        c.loop("k", 1, n, k -> c.begin("if (x[$L] > best)", xr.plus(k.times(a.inner())))
            .statement("best = x[$L]", xr.plus(k.times(a.inner())))
            .statement("arg = $L", k)
            .end());
      }
      c.statement("y[o] = best")
          .statement("argmax[o] = arg");
    } else {
      c.statement("float s = 0f")
          .loop("k", n, k -> c.statement("s += x[$L]", xr.plus(k.times(a.inner()))))
          .statement("y[o] = s * $L", LayerCode.f(1.0 / n));
    }
    c.end(i).end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    Axis a = Axis.of(c.inShape(), c.args());
    int n = a.dim();
    Index xr = Index.var("xr");
    c.beginInputGrad();
    if (max && !c.accumulate()) {
      c.add("// only each maximum reached the output: zero the rest\n")
          .zero("gx", 0, LayerCode.batchTimes(c.inSize()));
    }
    Loop i = beginElement(c, a);
    if (max) {
      c.statement("gx[$L] += gy[o]", xr.plus(Index.var("(int) argmax[o]").times(a.inner())));
    } else {
      c.statement("float s = gy[o] * $L", LayerCode.f(1.0 / n))
          .loop("k", n, k -> c.statement("gx[$L] $L s", xr.plus(k.times(a.inner())), c.gxAssign()));
    }
    c.end(i).end().endInputGrad();
  }

  /**
   * Opens the loops over rows (examples times the axes before) and over the elements after the
   * axis, with {@code xr}, where the reduced elements start in x (then every {@code inner}), and
   * {@code o}, the output element.
   */
  private static Loop beginElement(LayerCode c, Axis a) {
    c.begin("for (int r = 0; r < $L; r++)", LayerCode.batchTimes(a.outer()));
    Index r = Index.var("r");
    Loop i = c.beginLoop("i", a.inner());
    c.statement("int xr = $L", r.times(a.dim() * a.inner()).plus(i.index()))
        .statement("int o = $L", r.times(a.inner()).plus(i.index()));
    return i;
  }
}
