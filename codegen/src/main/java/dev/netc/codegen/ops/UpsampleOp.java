package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * {@code upsample(factor, mode: nearest)} over channels-first {@code [C, H, W]} or {@code [C, L]}:
 * each element repeated {@code factor} times along each spatial axis (one integer factor, or one
 * per spatial axis), as PyTorch's {@code F.interpolate(x, scale_factor=factor, mode='nearest')}
 * with integer factors: output {@code [C, H * fh, W * fw]}, where output (oy, ox) reads input
 * (oy / fh, ox / fw).
 *
 * <p>A 1-d input is the 2-d case with height 1 and factor 1, so both share one emitter whose
 * loops over a size-1 axis fold away. Backward sums each {@code fh x fw} block of the output
 * gradient into its input element.
 */
public final class UpsampleOp implements Op {

  @Override
  public String name() {
    return "upsample";
  }

  @Override
  public String doc() {
    return "repeat each element of [channels, length] or [channels, height, width]: upsample(factor, mode: nearest)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        ArgSpec.required("factor", new ArgType.IntListType(1, false),
            "integer scale, one value or one per spatial axis ([fh, fw])"),
        ArgSpec.optional("mode", ArgType.oneOf(List.of("nearest")), "nearest",
            "how new elements are filled: nearest repeats the input element"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    if (input.rank() != 2 && input.rank() != 3) {
      diags.error(args.callPos(), "upsample: expected input [channels, length] or [channels, height, width], got "
          + input.describe() + (input.rank() == 1 ? "; add reshape([1, " + input.dim(0) + "]) for one channel" : ""));
      return null;
    }
    int spatial = input.rank() - 1;
    int[] f = args.intListArg("factor");
    if (f.length != 1 && f.length != spatial) {
      diags.error(args.pos("factor"), "upsample: factor " + Arrays.toString(f) + " has " + f.length
          + " values; give one, or one per spatial axis (" + spatial + " for " + input.describe() + ")");
      return null;
    }
    int[] dims = input.dims();
    for (int i = 1; i < dims.length; i++) {
      long scaled = (long) dims[i] * f[Math.min(i - 1, f.length - 1)];
      if (scaled > Integer.MAX_VALUE) {
        diags.error(args.pos("factor"), "upsample: factor " + Arrays.toString(f) + " makes axis " + i + " of "
            + input.describe() + " " + scaled + " long, more than an array holds");
        return null;
      }
      dims[i] = (int) scaled;
    }
    return Shape.of(dims);
  }

  @Override
  public String describe(Args args) {
    int[] f = args.intListArg("factor");
    return "upsample " + (f.length == 1 ? Integer.toString(f[0]) : f[0] + "x" + f[1]);
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 0;
  }

  /** {channels, height, width, fh, fw}, a 1-d input being height 1 with factor 1. */
  private static int[] geometry(LayerCode c) {
    Shape in = c.inShape();
    int[] f = c.args().intListArg("factor");
    if (in.rank() == 2) {
      return new int[] {in.dim(0), 1, in.dim(1), 1, f[0]};
    }
    return new int[] {in.dim(0), in.dim(1), in.dim(2), f[0], f[f.length - 1]};
  }

  @Override
  public void emitForward(LayerCode c) {
    int[] g = geometry(c);
    int fh = g[3];
    int fw = g[4];
    int ow = g[2] * fw;
    eachInput(c, g, (xi, yo) -> {
      c.statement("float v = x[$L]", xi).statement("int o = $L", yo);
      c.loop("dy", fh, dy -> c.loop("dx", fw, dx -> c.statement("y[$L] = v", Index.var("o").plus(dy.times(ow)).plus(dx))));
    });
  }

  @Override
  public void emitBackward(LayerCode c) {
    int[] g = geometry(c);
    int fh = g[3];
    int fw = g[4];
    int ow = g[2] * fw;
    c.beginInputGrad();
    c.add("// each input element was copied to a $Lx$L block: its gradient is the block's sum\n", fh, fw);
    eachInput(c, g, (xi, yo) -> {
      c.statement("int o = $L", yo).statement("float s = 0f");
      c.loop("dy", fh, dy -> c.loop("dx", fw, dx -> c.statement("s += gy[$L]", Index.var("o").plus(dy.times(ow)).plus(dx))));
      c.statement("gx[$L] $L s", xi, c.gxAssign());
    });
    c.endInputGrad();
  }

  /** Loops over every input element: its index in x and where its block starts in y. */
  private static void eachInput(LayerCode c, int[] g, java.util.function.BiConsumer<Index, Index> body) {
    int h = g[1];
    int w = g[2];
    int fh = g[3];
    int fw = g[4];
    c.loop("r", LayerCode.batchTimes(g[0]), r -> c.loop("iy", h, iy -> c.loop("ix", w, ix -> body.accept(
        r.times(h * w).plus(iy.times(w)).plus(ix),
        r.times(h * fh * w * fw).plus(iy.times(fh * w * fw)).plus(ix.times(fw))))));
  }
}
