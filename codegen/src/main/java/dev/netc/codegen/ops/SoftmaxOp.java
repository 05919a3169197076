package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.List;

/**
 * {@code softmax} and {@code log_softmax} over the last axis, max-shifted so exp never
 * overflows. Backward: softmax gx = y (gy - sum(gy y)); log_softmax gx = gy - exp(y) sum(gy).
 */
public final class SoftmaxOp implements Op {
  private final boolean log;

  public SoftmaxOp(boolean log) {
    this.log = log;
  }

  @Override
  public String name() {
    return log ? "log_softmax" : "softmax";
  }

  @Override
  public String doc() {
    return (log ? "log of softmax" : "softmax") + " over the last axis";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of();
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    return input;
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 5 * output.size();
  }

  @Override
  public void emitForward(LayerCode c) {
    int n = c.outShape().dim(c.outShape().rank() - 1);
    c.add("// one row per example and leading index; $L classes per row\n", n)
        .begin("for (int r = 0; r < $L; r += $L)", LayerCode.batchTimes(c.outSize()), n)
        .statement("float max = x[r]")
        .begin("for (int j = r + 1; j < r + $L; j++)", n)
        .statement("max = Math.max(max, x[j])")
        .end()
        .statement("double sum = 0")
        .begin("for (int j = r; j < r + $L; j++)", n)
        .statement("sum += Math.exp(x[j] - max)")
        .end();
    if (log) {
      c.statement("float logSum = max + (float) Math.log(sum)")
          .begin("for (int j = r; j < r + $L; j++)", n)
          .statement("y[j] = x[j] - logSum")
          .end();
    } else {
      c.begin("for (int j = r; j < r + $L; j++)", n)
          .statement("y[j] = (float) (Math.exp(x[j] - max) / sum)")
          .end();
    }
    c.end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    int n = c.outShape().dim(c.outShape().rank() - 1);
    c.beginInputGrad()
        .begin("for (int r = 0; r < $L; r += $L)", LayerCode.batchTimes(c.outSize()), n)
        .statement("float dot = 0f");
    if (log) {
      c.begin("for (int j = r; j < r + $L; j++)", n).statement("dot += gy[j]").end()
          .begin("for (int j = r; j < r + $L; j++)", n)
          .statement("gx[j] $L gy[j] - (float) Math.exp(y[j]) * dot", c.gxAssign())
          .end();
    } else {
      c.begin("for (int j = r; j < r + $L; j++)", n).statement("dot += gy[j] * y[j]").end()
          .begin("for (int j = r; j < r + $L; j++)", n)
          .statement("gx[j] $L y[j] * (gy[j] - dot)", c.gxAssign())
          .end();
    }
    c.end().endInputGrad();
  }
}
