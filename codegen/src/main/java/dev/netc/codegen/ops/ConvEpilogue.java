package dev.netc.codegen.ops;

/**
 * The output pass every convolution variant ends its forward code with: {@code y = act(acc +
 * bias)} over one run of one filter's outputs, keeping the sum in {@code pre} when the
 * activation's derivative needs its input. The variants differ only in where their sums lie
 * ({@code yt} by filter for im2col, the wide rows of the direct kernel, {@code y} itself for the
 * per-example variants); what becomes of a sum on its way into {@code y} is decided here alone,
 * so that an inference-time change of that pass (a folded batch norm, a fused pool) is one edit.
 *
 * <p>Written code, for a layer with a bias and relu:
 *
 * <pre>{@code
 * float bias = p[CONV_1_BIAS + f];
 * for (int q = 0; q < 24; q++) {
 *   float v = yt[src + q] + bias;
 *   y[dst + q] = Math.max(v, 0f);
 * }
 * }</pre>
 */
final class ConvEpilogue {
  private ConvEpilogue() {}

  /**
   * Writes {@code y[dst + q] = act(acc[src + q] + bias[filter])} for {@code q} in {@code [0,
   * count)}, and {@code pre[dst + q]} the sum when the layer's activation needs it. {@code acc}
   * may be {@code y} itself with {@code src == dst} (in place). It declares the local {@code
   * bias} (when the layer has one) in the current block, so call it once per block, e.g. in the
   * body of a loop over filters or rows; {@code q} and {@code v} are its loop's own.
   *
   * @param c the layer's code
   * @param l the convolution
   * @param filter the filter whose outputs these are
   * @param acc the array holding the sums
   * @param src the first sum's index in {@code acc}
   * @param dst the first output's index in {@code y} (and {@code pre})
   * @param count how many consecutive outputs
   */
  static void write(LayerCode c, ConvLayer l, Index filter, String acc, Index src, Index dst, Object count) {
    if (c.fold() != null) {
      writeFolded(c, l, filter, acc, src, dst, count);
      return;
    }
    Activation act = l.act();
    if (l.bias()) {
      c.statement("float bias = p[$L]", Index.var(c.param("bias")).plus(filter));
    } else if (acc.equals("y") && src.equals(dst) && act == Activation.LINEAR) {
      return; // the sums already are the outputs
    }
    Loop q = c.beginLoop("q", count);
    Index out = dst.plus(q.index());
    c.statement("float v = $L[$L]$L", acc, src.plus(q.index()), l.bias() ? " + bias" : "");
    if (act.needsInput()) {
      c.statement("pre[$L] = v", out);
    }
    c.statement("y[$L] = $L", out, act.forward("v", l.alpha()))
        .end(q);
  }

  /**
   * The output pass of a filter whose sums lie in rows of {@code stride} floats of which the
   * first {@code cols} are outputs (the direct kernel's wide rows): when nothing is kept for a
   * backward pass, the activation runs in place over the {@code span} consecutive sums from
   * {@code src} (one long loop C2 vectorizes, unused columns included) and each row's outputs
   * are then copied into {@code y}; a short loop per row of {@code cols} outputs ran mostly
   * scalar (about 40% of a batch-256 CNN inference). When {@code pre} must be kept, row by
   * row as {@link #write}.
   *
   * @param c the layer's code
   * @param l the convolution
   * @param filter the filter whose outputs these are
   * @param acc the array holding the sums, overwritten
   * @param src the first sum's index in {@code acc}
   * @param span sums from the first output to the last, {@code (rows - 1) * stride + cols}
   * @param stride floats per row in {@code acc}
   * @param rows output rows
   * @param cols outputs per row
   * @param dst the first output's index in {@code y}
   */
  static void writeRows(LayerCode c, ConvLayer l, Index filter, String acc, Index src, int span, int stride,
      int rows, int cols, Index dst) {
    Fold fold = c.fold();
    Activation act = fold != null ? fold.act() : l.act();
    if (fold == null && act.needsInput()) {
      Loop oy = c.beginLoop("oy", rows);
      write(c, l, filter, acc, src.plus(oy.index().times(stride)), dst.plus(oy.index().times(cols)), cols);
      c.end(oy);
      return;
    }
    declareSumLocals(c, l, filter);
    String sum = sum(c, l, acc + "[q]");
    if (fold != null || l.bias() || act != Activation.LINEAR) {
      c.begin("for (int q = $L; q < $L; q++)", src, src.plus(span))
          .statement("float v = $L", sum)
          .statement("$L[q] = $L", acc, act.forward("v", fold != null ? fold.alpha() : l.alpha()))
          .end();
    }
    Loop oy = c.beginLoop("oy", rows);
    c.copy(acc, src.plus(oy.index().times(stride)), "y", dst.plus(oy.index().times(cols)), cols);
    c.end(oy);
    if (fold != null) {
      c.foldApplied();
    }
  }

  /**
   * What the output pass computes from {@code acc}, for a comment: {@code relu(acc + bias[f])}, or
   * with a folded batch norm {@code relu(scale[f] * (acc + bias[f]) + shift[f])}.
   */
  static String formula(LayerCode c, ConvLayer l, String acc) {
    String sum = l.bias() ? acc + " + bias[f]" : acc;
    Fold fold = c.fold();
    if (fold == null) {
      return l.act().dslName() + "(" + sum + ")";
    }
    return fold.act().dslName() + "(scale[f] * (" + sum + ") + shift[f]), " + fold.batchnorm() + " folded";
  }

  /**
   * The inference output pass with a batch norm folded in: {@code y = act(scale[f] * (acc + bias)
   * + shift[f])}, scale and shift from the {@code fold} array {@link Fold#writeScaleShift} filled,
   * the activation the one after the batch norm (if fused); nothing kept for a backward pass.
   */
  private static void writeFolded(LayerCode c, ConvLayer l, Index filter, String acc, Index src, Index dst,
      Object count) {
    Fold fold = c.fold();
    declareSumLocals(c, l, filter);
    Loop q = c.beginLoop("q", count);
    c.statement("float v = $L", sum(c, l, acc + "[" + src.plus(q.index()) + "]"))
        .statement("y[$L] = $L", dst.plus(q.index()), fold.act().forward("v", fold.alpha()))
        .end(q);
    c.foldApplied();
  }

  /**
   * Declares the locals the sum expression of filter {@code filter} reads: {@code bias}, and
   * {@code scale} and {@code shift} with a folded batch norm.
   */
  private static void declareSumLocals(LayerCode c, ConvLayer l, Index filter) {
    if (l.bias()) {
      c.statement("float bias = p[$L]", Index.var(c.param("bias")).plus(filter));
    }
    Fold fold = c.fold();
    if (fold != null) {
      c.statement("float scale = fold[$L]", filter)
          .statement("float shift = fold[$L]", filter.plus(fold.channels()));
    }
  }

  /** The sum over {@code element}: {@code element + bias}, or {@code (element + bias) * scale + shift}. */
  private static String sum(LayerCode c, ConvLayer l, String element) {
    String sum = element + (l.bias() ? " + bias" : "");
    return c.fold() == null ? sum : "(" + sum + ") * scale + shift";
  }
}
