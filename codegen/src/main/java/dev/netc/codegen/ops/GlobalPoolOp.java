package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.List;

/**
 * {@code global_avgpool} and {@code global_maxpool}: channels-first {@code [C, ...]} (rank 2 or
 * more) to {@code [C]}, the mean or maximum of each channel's map. global_maxpool keeps the index
 * of each maximum (the first on ties) in the extra buffer {@code argmax}.
 */
public final class GlobalPoolOp implements Op {
  private final boolean max;

  public GlobalPoolOp(boolean max) {
    this.max = max;
  }

  @Override
  public String name() {
    return max ? "global_maxpool" : "global_avgpool";
  }

  @Override
  public String doc() {
    return (max ? "maximum" : "mean") + " of each channel: [channels, ...] -> [channels]";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of();
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    if (input.rank() < 2) {
      diags.error(args.callPos(), name() + ": expected input [channels, ...] with at least one spatial axis, got "
          + input.describe());
      return null;
    }
    return Shape.of(input.dim(0));
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return input.size();
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return max
        ? List.of(new ExtraBuffer("argmax", output.size(), "index of each channel's maximum, for backward"))
        : List.of();
  }

  @Override
  public void emitForward(LayerCode c) {
    int channels = c.outSize();
    int n = c.inSize() / channels;
    Loop ch = beginChannel(c, channels, n);
    Index xr = Index.var("xr");
    if (max) {
      c.statement("float best = x[xr]")
          .statement("int arg = 0");
      if (n > 1) {
        c.loop("i", 1, n, i -> c.begin("if (x[$L] > best)", xr.plus(i))
            .statement("best = x[$L]", xr.plus(i))
            .statement("arg = $L", i)
            .end());
      }
      c.statement("y[o] = best")
          .statement("argmax[o] = arg");
    } else {
      c.statement("float s = 0f")
          .loop("i", n, i -> c.statement("s += x[$L]", xr.plus(i)))
          .statement("y[o] = s * $L", LayerCode.f(1.0 / n));
    }
    c.end(ch).end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    int channels = c.outSize();
    int n = c.inSize() / channels;
    c.beginInputGrad();
    if (max && !c.accumulate()) {
      c.zero("gx", 0, LayerCode.batchTimes(c.inSize()));
    }
    Loop ch = beginChannel(c, channels, n);
    if (max) {
      c.statement("gx[xr + (int) argmax[o]] += gy[o]");
    } else {
      c.statement("float s = gy[o] * $L", LayerCode.f(1.0 / n))
          .loop("i", n, i -> c.statement("gx[$L] $L s", Index.var("xr").plus(i), c.gxAssign()));
    }
    c.end(ch).end().endInputGrad();
  }

  /**
   * Opens the loops over examples and channels with {@code xr}, where the channel's map starts in
   * x, and {@code o}, its output.
   */
  private static Loop beginChannel(LayerCode c, int channels, int n) {
    c.begin("for (int b = 0; b < batch; b++)");
    Index b = Index.var("b");
    Loop ch = c.beginLoop("ch", channels);
    c.statement("int xr = $L", b.times(channels * n).plus(ch.index().times(n)))
        .statement("int o = $L", b.times(channels).plus(ch.index()));
    return ch;
  }
}
