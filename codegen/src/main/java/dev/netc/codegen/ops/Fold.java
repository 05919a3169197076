package dev.netc.codegen.ops;

/**
 * A batch norm folded, at inference, into the conv or dense layer before it, with the element-wise
 * activation after it when that is fused too: the layer's inference method writes {@code y =
 * act(scale[c] * (sum + bias[c]) + shift[c])} in its output pass, and the batch norm's (and the
 * activation's) own passes are skipped. Scale and shift are computed from the parameters at the
 * start of every inference pass ({@link #writeScaleShift}), never cached: the parameter array is
 * public and mutable.
 *
 * @param batchnorm the batch norm layer's name
 * @param channels its channels (the layer's filters or units)
 * @param gamma the batch norm's gamma offset constant
 * @param beta its beta offset constant
 * @param mean its running-mean offset constant
 * @param var its running-variance offset constant
 * @param eps its epsilon
 * @param activationLayer the fused activation layer's name, or null
 * @param act the activation applied last ({@link Activation#LINEAR} when none is fused)
 * @param alpha the activation's alpha
 */
public record Fold(String batchnorm, int channels, String gamma, String beta, String mean, String var,
    double eps, String activationLayer, Activation act, double alpha) {

  /**
   * Writes, at the start of the inference method, {@code fold[c] = gamma / sqrt(running_var +
   * eps)} and {@code fold[C + c] = beta - running_mean * fold[c]} (the batch norm's eval-mode
   * formula rearranged: {@code (x - mean) * scale + beta = x * scale + shift}).
   * @param c the layer's code
   */
  public void writeScaleShift(LayerCode c) {
    c.add("// inference: batch norm $L folded into this layer's output pass$L\n", batchnorm,
        activationLayer == null ? "" : ", then " + act.dslName() + " (" + activationLayer + ")");
    Loop ch = c.beginLoop("ch", channels);
    c.statement("float scale = p[$L] * (float) (1.0 / Math.sqrt(p[$L] + $L))", Index.var(gamma).plus(ch.index()),
            Index.var(var).plus(ch.index()), LayerCode.f(eps))
        .statement("fold[$L] = scale", ch.index())
        .statement("fold[$L] = p[$L] - p[$L] * scale", ch.index().plus(channels), Index.var(beta).plus(ch.index()),
            Index.var(mean).plus(ch.index()))
        .end(ch);
  }

  /**
   * The fold as a pass over the layer's outputs in place, for a layer whose output pass does not
   * apply it itself (dense: the product leaves {@code y = x·W + b}).
   * @param c the layer's code
   * @param perExample the layer's outputs per example
   */
  public void writeInPlace(LayerCode c, int perExample) {
    int spatial = perExample / channels;
    c.add("// the folded batch norm$L over y in place\n", act == Activation.LINEAR ? "" : " and " + act.dslName());
    Loop b = c.beginLoop("b", "batch");
    Loop ch = c.beginLoop("ch", channels);
    c.statement("float scale = fold[$L]", ch.index())
        .statement("float shift = fold[$L]", ch.index().plus(channels));
    Index row = b.index().times(perExample).plus(ch.index().times(spatial));
    Loop s = c.beginLoop("s", spatial);
    Index k = row.plus(s.index());
    c.statement("float v = y[$L] * scale + shift", k)
        .statement("y[$L] = $L", k, act.forward("v", alpha))
        .end(s)
        .end(ch)
        .end(b);
  }
}
