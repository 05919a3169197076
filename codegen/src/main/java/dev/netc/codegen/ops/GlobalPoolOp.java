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
    int ch = c.outSize();
    int n = c.inSize() / ch;
    c.begin("for (int b = 0; b < batch; b++)")
        .begin("for (int ch = 0; ch < $L; ch++)", ch)
        .statement("int xr = b * $L + ch * $L", c.inSize(), n)
        .statement("int o = b * $L + ch", ch);
    if (max) {
      c.statement("float best = x[xr]")
          .statement("int arg = 0")
          .begin("for (int i = 1; i < $L; i++)", n)
          .begin("if (x[xr + i] > best)")
          .statement("best = x[xr + i]")
          .statement("arg = i")
          .end()
          .end()
          .statement("y[o] = best")
          .statement("argmax[o] = arg");
    } else {
      c.statement("float s = 0f")
          .begin("for (int i = 0; i < $L; i++)", n)
          .statement("s += x[xr + i]")
          .end()
          .statement("y[o] = s * $L", LayerCode.f(1.0 / n));
    }
    c.end().end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    int ch = c.outSize();
    int n = c.inSize() / ch;
    c.beginInputGrad();
    if (max && !c.accumulate()) {
      c.statement("java.util.Arrays.fill(gx, 0, batch * $L, 0f)", c.inSize());
    }
    c.begin("for (int b = 0; b < batch; b++)")
        .begin("for (int ch = 0; ch < $L; ch++)", ch)
        .statement("int xr = b * $L + ch * $L", c.inSize(), n)
        .statement("int o = b * $L + ch", ch);
    if (max) {
      c.statement("gx[xr + (int) argmax[o]] += gy[o]");
    } else {
      c.statement("float s = gy[o] * $L", LayerCode.f(1.0 / n))
          .begin("for (int i = 0; i < $L; i++)", n)
          .statement("gx[xr + i] $L s", c.gxAssign())
          .end();
    }
    c.end().end().endInputGrad();
  }
}
