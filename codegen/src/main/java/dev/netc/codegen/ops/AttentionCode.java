package dev.netc.codegen.ops;

/**
 * The forward and backward bodies of one {@code multi_head_attention} layer ({@link
 * MultiHeadAttentionOp}). Sizes are literals: {@code T} positions, model width {@code D}, {@code
 * H} heads of {@code dk}, {@code inner = H * dk}. Q, K, V, the context and their gradients are
 * {@code [batch * T, inner]} row-major, head h in columns {@code [h * dk, (h + 1) * dk)}, so one
 * head of one example is a strided {@code [T, dk]} slice: offset {@code b * T * inner + h * dk},
 * leading dimension {@code inner}.
 *
 * <p>Backward, per example and head, with {@code scale = 1 / sqrt(dk)}: {@code dP = dC_h V_hᵀ},
 * {@code dV_h = P_hᵀ dC_h}, {@code dS = P ⊙ (dP - rowsum(P ⊙ dP)) * scale} (masked entries have
 * P = 0, so they get no gradient), {@code dQ_h = dS K_h}, {@code dK_h = dSᵀ Q_h}; then each
 * projection's weight, bias and input gradient as a dense layer's over all rows.
 */
final class AttentionCode {
  private final LayerCode c;
  private final int t;
  private final int width;
  private final int heads;
  private final int dk;
  private final int inner;
  private final boolean causal;
  private final String scale;

  AttentionCode(LayerCode c) {
    this.c = c;
    this.t = c.inShape().dim(0);
    this.width = c.inShape().dim(1);
    this.heads = c.args().intArg("heads");
    this.dk = MultiHeadAttentionOp.keyDim(c.inShape(), c.args());
    this.inner = heads * dk;
    this.causal = c.args().boolArg("causal");
    this.scale = LayerCode.f(1.0 / Math.sqrt(dk));
  }

  /** All rows of the batch: {@code batch * T}. */
  private Index rows() {
    return LayerCode.batchTimes(t);
  }

  void forward() {
    c.add("// $L positions x $L wide; $L head$L of $L: Q, K, V and the context are [batch * $L, $L]\n",
        t, width, heads, heads == 1 ? "" : "s", dk, t, inner);
    c.add("// the projections' biases are each row's starting value\n");
    Loop r = c.beginLoop("r", rows());
    for (String proj : new String[] {"query", "key", "value"}) {
      c.copy("p", c.param(proj + "_bias"), proj, r.index().times(inner), inner);
    }
    c.end(r);
    for (String proj : new String[] {"query", "key", "value"}) {
      c.add("// $L[rows, $L] += x[rows, $L] · W[$L, $L]\n", proj, inner, width, width, inner)
          .gemm(GemmCall.nn(rows(), inner, width)
              .a("x", 0, width)
              .b("p", c.param(proj + "_weight"), inner)
              .c(proj, 0, inner)
              .accumulate(true));
    }
    overHeads(() -> {
      c.add("// scores[$L, $L] = Q_h · K_hᵀ, into the probabilities' place\n", t, t)
          .gemm(GemmCall.nt(t, t, dk).a("query", "qo", inner).b("key", "qo", inner).c("probs", "po", t)
              .accumulate(false));
      softmaxRows();
      c.add("// context_h[$L, $L] = P_h · V_h\n", t, dk)
          .gemm(GemmCall.nn(t, dk, t).a("probs", "po", t).b("value", "qo", inner).c("context", "qo", inner)
              .accumulate(false));
    });
    c.add("// output projection: y[rows, $L] = context · Wo + bo\n", width);
    c.loop("r", rows(), row -> c.copy("p", c.param("output_bias"), "y", row.times(width), width));
    c.gemm(GemmCall.nn(rows(), width, inner)
        .a("context", 0, inner)
        .b("p", c.param("output_weight"), width)
        .c("y", 0, width)
        .accumulate(true));
  }

  /**
   * Row-wise softmax of {@code scale * scores}, max-shifted; causal rows end at the diagonal and
   * the masked rest is set to 0.
   */
  private void softmaxRows() {
    c.add(causal ? "// softmax of scores * $L per row; row i sees positions 0..i, the rest is 0\n"
        : "// softmax of scores * $L per row\n", scale);
    Loop i = c.beginLoop("i", t);
    c.statement("int row = $L", Index.var("po").plus(i.index().times(t)))
        .statement("int end = $L", causal ? Index.var("row").plus(i.index()).plus(1) : Index.var("row").plus(t))
        .statement("float max = probs[row]")
        .begin("for (int j = row + 1; j < end; j++)")
        .statement("max = Math.max(max, probs[j])")
        .end()
        .statement("double sum = 0")
        .begin("for (int j = row; j < end; j++)")
        .statement("float e = (float) Math.exp((probs[j] - max) * $L)", scale)
        .statement("probs[j] = e")
        .statement("sum += e")
        .end()
        .statement("float inv = (float) (1.0 / sum)")
        .begin("for (int j = row; j < end; j++)")
        .statement("probs[j] *= inv")
        .end();
    if (causal) {
      c.fill("probs", "end", Index.var("row").plus(t), "0f");
    }
    c.end(i);
  }

  void backward() {
    c.add("// output projection: gradients of bo, Wo and the context\n");
    biasGradient("gy", "output_bias", width);
    c.gemm(GemmCall.tn(inner, width, rows()).a("context", 0, inner).b("gy", 0, width)
            .c("g", c.param("output_weight"), width).accumulate(true))
        .gemm(GemmCall.nt(rows(), inner, width).a("gy", 0, width).b("p", c.param("output_weight"), width)
            .c("dcontext", 0, inner).accumulate(false));
    overHeads(() -> {
      c.statement("int so = $L", Index.var("b").times(t * t));
      c.add("// dP[$L, $L] = dC_h · V_hᵀ; dV_h = P_hᵀ · dC_h\n", t, t)
          .gemm(GemmCall.nt(t, t, dk).a("dcontext", "qo", inner).b("value", "qo", inner).c("dscores", "so", t)
              .accumulate(false))
          .gemm(GemmCall.tn(t, dk, t).a("probs", "po", t).b("dcontext", "qo", inner).c("dvalue", "qo", inner)
              .accumulate(false));
      softmaxGradient();
      c.add("// dQ_h = dS · K_h; dK_h = dSᵀ · Q_h\n")
          .gemm(GemmCall.nn(t, dk, t).a("dscores", "so", t).b("key", "qo", inner).c("dquery", "qo", inner)
              .accumulate(false))
          .gemm(GemmCall.tn(t, dk, t).a("dscores", "so", t).b("query", "qo", inner).c("dkey", "qo", inner)
              .accumulate(false));
    });
    c.add("// the query, key and value projections: bias and weight gradients over all rows\n");
    for (String proj : new String[] {"query", "key", "value"}) {
      biasGradient("d" + proj, proj + "_bias", inner);
      c.gemm(GemmCall.tn(width, inner, rows()).a("x", 0, width).b("d" + proj, 0, inner)
          .c("g", c.param(proj + "_weight"), inner).accumulate(true));
    }
    c.beginInputGrad().add("// input gradient: gx $L dQ · Wqᵀ + dK · Wkᵀ + dV · Wvᵀ\n", c.gxAssign());
    boolean first = true;
    for (String proj : new String[] {"query", "key", "value"}) {
      GemmCall call = GemmCall.nt(rows(), width, inner).a("d" + proj, 0, inner)
          .b("p", c.param(proj + "_weight"), inner).c("gx", 0, width);
      c.gemm(first ? call.accumulate(c.accumulate()) : call.accumulate(true));
      first = false;
    }
    c.endInputGrad();
  }

  /** {@code dS = P ⊙ (dP - Σ_j P dP) * scale}, in place of dP, row by row. */
  private void softmaxGradient() {
    c.add("// through the softmax and the scale: dS = P ⊙ (dP - Σ_j P dP) * $L\n", scale);
    Loop i = c.beginLoop("i", t);
    c.statement("int row = $L", Index.var("po").plus(i.index().times(t)))
        .statement("int drow = $L", Index.var("so").plus(i.index().times(t)))
        .statement("float dot = 0f");
    c.loop("j", t, j -> c.statement("dot += probs[$L] * dscores[$L]", Index.var("row").plus(j),
        Index.var("drow").plus(j)));
    c.loop("j", t, j -> {
      Index d = Index.var("drow").plus(j);
      c.statement("dscores[$L] = probs[$L] * (dscores[$L] - dot) * $L", d, Index.var("row").plus(j), d, scale);
    });
    c.end(i);
  }

  /** {@code g[bias + j] += d[r * n + j]} over every row: a bias gradient. */
  private void biasGradient(String grad, String bias, int n) {
    Index at = Index.var(c.param(bias));
    Loop r = c.beginLoop("r", rows());
    c.statement("int ro = $L", r.index().times(n));
    c.loop("j", n, j -> c.statement("g[$L] += $L[$L]", at.plus(j), grad, Index.var("ro").plus(j)));
    c.end(r);
  }

  /**
   * {@code body} for every example b and head h, with {@code qo} (the head's slice of example b in
   * Q, K, V and the context) and {@code po} (its probabilities) as locals.
   */
  private void overHeads(Runnable body) {
    Loop b = c.beginLoop("b", "batch");
    Loop h = c.beginLoop("h", heads);
    c.statement("int qo = $L", b.index().times(t * inner).plus(h.index().times(dk)))
        .statement("int po = $L", b.index().times(heads).plus(h.index()).times(t * t));
    body.run();
    c.end(h).end(b);
  }
}
