package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code layernorm(axes: [..], eps: 1e-5)}: normalizes each example over its trailing axes (the
 * last one unless {@code axes} says otherwise) to mean 0 and variance 1, then scales by gamma and
 * shifts by beta, element-wise over the normalized axes, as PyTorch's {@code LayerNorm} with
 * {@code normalized_shape} the sizes of those axes. The statistics are per example (and per
 * leading index), never over the batch, so training and inference compute the same thing.
 *
 * <p>Each group of {@code n} consecutive floats (the normalized axes are trailing, so a group is
 * contiguous) is one row: the forward pass keeps the normalized row ({@code xhat}) and its
 * {@code 1/sqrt(var + eps)} for the backward pass, which is {@code gx = invStd * (dxhat -
 * mean(dxhat) - xhat * mean(dxhat * xhat))} with {@code dxhat = gy * gamma}.
 */
public final class LayerNormOp implements Op {

  @Override
  public String name() {
    return "layernorm";
  }

  @Override
  public String doc() {
    return "layer normalization over the trailing axes: layernorm(axes: [last], eps: 1e-5)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        // an empty list stands for "the last axis", which depends on the input's rank
        ArgSpec.optional("axes", new ArgType.IntListType(0, false), new int[0],
            "the trailing axes to normalize over, counted from 0 in the per-example shape"),
        ArgSpec.optional("eps", new ArgType.FloatType(0, 1, false), 1e-5,
            "added to the variance before the square root"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    int[] axes = args.intListArg("axes");
    if (axes.length == 0) {
      return input;
    }
    int rank = input.rank();
    for (int a : axes) {
      if (a >= rank) {
        diags.error(args.pos("axes"), "layernorm: axis " + a + " is beyond the input " + input.describe()
            + ", whose axes are 0 to " + (rank - 1));
        return null;
      }
    }
    int[] sorted = Arrays.stream(axes).distinct().sorted().toArray();
    boolean trailing = true;
    for (int i = 0; i < sorted.length; i++) {
      trailing &= sorted[i] == rank - sorted.length + i;
    }
    if (!trailing) {
      diags.error(args.pos("axes"), "layernorm: axes " + show(axes) + " of " + input.describe()
          + " are not its trailing axes; normalize over the last axes, as PyTorch's normalized_shape, e.g. "
          + "axes: " + show(trailingAxes(rank, Math.min(sorted.length, rank))));
      return null;
    }
    return input;
  }

  private static String show(int[] axes) {
    return Arrays.stream(axes).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  private static int[] trailingAxes(int rank, int count) {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = rank - count + i;
    }
    return out;
  }

  /** How many trailing axes are normalized: 1 by default, else the distinct axes given. */
  private static int normalizedAxes(Args args) {
    int[] axes = args.intListArg("axes");
    return axes.length == 0 ? 1 : (int) Arrays.stream(axes).distinct().count();
  }

  /** The normalized shape (gamma's and beta's): the trailing axes' sizes. */
  private static Shape normalizedShape(Shape input, Args args) {
    int[] dims = input.dims();
    return Shape.of(Arrays.copyOfRange(dims, dims.length - normalizedAxes(args), dims.length));
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    Shape s = normalizedShape(input, args);
    int n = (int) s.size();
    return List.of(new ParamSpec("gamma", s, Init.ONES, n, n), new ParamSpec("beta", s, Init.ZEROS, n, n));
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 8 * output.size();
  }

  @Override
  public String describe(Args args) {
    int axes = normalizedAxes(args);
    return axes == 1 ? "layernorm" : "layernorm " + axes + " axes";
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    long n = normalizedShape(input, args).size();
    return List.of(
        new ExtraBuffer("xhat", output.size(), "normalized input, for the backward pass"),
        new ExtraBuffer("rstd", output.size() / n, "1/sqrt(var + eps) per normalized row (PyTorch's rstd)"));
  }

  /** Floats per normalized row. */
  private static int rowSize(LayerCode c) {
    return (int) normalizedShape(c.inShape(), c.args()).size();
  }

  @Override
  public void emitForward(LayerCode c) {
    int n = rowSize(c);
    int rows = c.outSize() / n;
    String eps = LayerCode.f(c.args().floatArg("eps"));
    c.add("// $L row$L of $L per example; row r is x[r * $L, (r + 1) * $L)\n", rows, rows == 1 ? "" : "s", n, n, n);
    Loop r = c.beginLoop("r", LayerCode.batchTimes(rows));
    c.statement("int o = $L", r.index().times(n))
        .statement("double sum = 0");
    c.loop("j", n, j -> c.statement("sum += x[$L]", Index.var("o").plus(j)));
    c.statement("float mean = (float) (sum / $L)", n)
        .statement("double squares = 0");
    c.loop("j", n, j -> c.statement("float d = x[$L] - mean", Index.var("o").plus(j)).statement("squares += d * d"));
    c.add("// the biased variance, as PyTorch normalizes with\n")
        .statement("float invStd = (float) (1.0 / Math.sqrt((float) (squares / $L) + $L))", n, eps)
        .statement("rstd[$L] = invStd", r.index());
    c.loop("j", n, j -> {
      Index at = Index.var("o").plus(j);
      c.statement("float h = (x[$L] - mean) * invStd", at)
          .statement("xhat[$L] = h", at)
          .statement("y[$L] = p[$L] * h + p[$L]", at, Index.var(c.param("gamma")).plus(j),
              Index.var(c.param("beta")).plus(j));
    });
    c.end(r);
  }

  @Override
  public void emitBackward(LayerCode c) {
    int n = rowSize(c);
    int rows = c.outSize() / n;
    Index gamma = Index.var(c.param("gamma"));
    Index beta = Index.var(c.param("beta"));
    Loop r = c.beginLoop("r", LayerCode.batchTimes(rows));
    c.statement("int o = $L", r.index().times(n))
        .add("// dxhat = gy * gamma; its mean and its mean against xhat\n")
        .statement("float sum = 0f")
        .statement("float dot = 0f");
    c.loop("j", n, j -> {
      Index at = Index.var("o").plus(j);
      c.statement("float d = gy[$L] * p[$L]", at, gamma.plus(j))
          .statement("g[$L] += gy[$L] * xhat[$L]", gamma.plus(j), at, at)
          .statement("g[$L] += gy[$L]", beta.plus(j), at)
          .statement("sum += d")
          .statement("dot += d * xhat[$L]", at);
    });
    c.beginInputGrad()
        .statement("float meanD = sum / $L", n)
        .statement("float meanDX = dot / $L", n)
        .statement("float invStd = rstd[$L]", r.index());
    c.loop("j", n, j -> {
      Index at = Index.var("o").plus(j);
      c.statement("gx[$L] $L invStd * (gy[$L] * p[$L] - meanD - xhat[$L] * meanDX)", at, c.gxAssign(), at,
          gamma.plus(j), at);
    });
    c.endInputGrad().end(r);
  }
}
