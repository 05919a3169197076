package dev.netc.codegen.ops;

import com.squareup.javapoet.CodeBlock;

/**
 * The two ways of writing a dense product {@code y = f(x W + b)} over a batch of rows, one per
 * {@link Kernel}, shared by dense (one row per example) and time_dense (T rows per example). W is
 * stored {@code [in, out]} at the layer's weight offset in {@code p}; every size is a literal and
 * weights are always read from {@code p}, never written into the code.
 */
final class DenseKernels {
  private DenseKernels() {}

  /**
   * One layer's product.
   *
   * @param rowsPerExample 1 for dense, T for time_dense
   * @param row the row loop's variable: {@code b} (example) or {@code r} (example and step)
   * @param alpha leaky_relu's slope or elu's scale
   */
  record Product(int in, int out, int rowsPerExample, String row, boolean bias, Activation act, double alpha) {

    /** The row count: {@code batch} or {@code batch * 5}. */
    Index rows() {
      return Index.var("batch").times(rowsPerExample);
    }

    /** The floats of y over the batch: {@code batch * rows per example * out}. */
    Index outputs() {
      return Index.var("batch").times(rowsPerExample * out);
    }
  }

  static void forward(LayerCode c, Product d) {
    switch (c.kernel()) {
      case UNROLLED -> unrolledForward(c, d);
      case GEMM -> gemmForward(c, d);
    }
  }

  static void backward(LayerCode c, Product d) {
    switch (c.kernel()) {
      case UNROLLED -> unrolledBackward(c, d);
      case GEMM -> gemmBackward(c, d);
    }
  }

  // ---- gemm: the runtime's SIMD kernels, one call per product over all rows

  private static void gemmForward(LayerCode c, Product d) {
    if (d.bias()) {
      c.add("// the bias is each row's starting value\n")
          .loop(d.row(), d.rows(), r -> c.copy("p", c.param("bias"), "y", r.times(d.out()), d.out()));
    }
    c.add("// y[$L, $L] $L x[$L, $L] · W[$L, $L]\n", d.rows(), d.out(), d.bias() ? "+=" : "=", d.rows(), d.in(),
            d.in(), d.out())
        .gemm(GemmCall.nn(d.rows(), d.out(), d.in())
            .a("x", 0, d.in())
            .b("p", c.param("weight"), d.out())
            .c("y", 0, d.out())
            .accumulate(d.bias()))
        .activate(d.act(), d.alpha(), 0, d.outputs());
  }

  private static void gemmBackward(LayerCode c, Product d) {
    c.activationGradient(d.act(), d.alpha(), 0, d.outputs());
    if (d.bias()) {
      c.add("// bias gradient: gy summed over the rows\n");
      Loop r = c.beginLoop(d.row(), d.rows());
      c.statement("int yo = $L", r.index().times(d.out()));
      Index bias = Index.var(c.param("bias"));
      c.loop("j", d.out(), j -> c.statement("g[$L] += gy[$L]", bias.plus(j), Index.var("yo").plus(j)));
      c.end(r);
    }
    c.add("// weight gradient: gW[$L, $L] += xᵀ · gy, summed over the rows\n", d.in(), d.out())
        .gemm(GemmCall.tn(d.in(), d.out(), d.rows())
            .a("x", 0, d.in())
            .b("gy", 0, d.out())
            .c("g", c.param("weight"), d.out())
            .accumulate(true));
    c.beginInputGrad()
        .add("// input gradient: gx[$L, $L] $L gy · Wᵀ\n", d.rows(), d.in(), c.gxAssign())
        .gemm(GemmCall.nt(d.rows(), d.in(), d.out())
            .a("gy", 0, d.out())
            .b("p", c.param("weight"), d.out())
            .c("gx", 0, d.in())
            .accumulate(c.accumulate()))
        .endInputGrad();
  }

  // ---- unrolled: the loop over rows stays; inside it every multiply-add is its own term

  private static void unrolledForward(LayerCode c, Product d) {
    c.add("// unrolled: $L inputs x $L units; W[i, j] is p[$L]\n", d.in(), d.out(), weightIndex(d));
    offsets(c, d);
    Loop r = c.beginLoop(d.row(), d.rows());
    rowOffsets(c, d, r.index());
    loadInputs(c, d);
    boolean viaLocal = d.act() != Activation.LINEAR;
    if (viaLocal) {
      c.statement("float s");
    }
    Index w = Index.var("w");
    Index bo = Index.var("bo");
    for (int j = 0; j < d.out(); j++) {
      CodeBlock.Builder sum = CodeBlock.builder();
      if (d.bias()) {
        sum.add("p[$L]", bo.plus(j));
      }
      for (int i = 0; i < d.in(); i++) {
        sum.add(i == 0 && !d.bias() ? "" : " +$W").add("x$L * p[$L]", i, w.plus(i * d.out() + j));
      }
      Index yj = Index.var("yo").plus(j);
      if (!viaLocal) {
        c.statement("y[$L] = $L", yj, sum.build());
        continue;
      }
      c.statement("s = $L", sum.build());
      if (d.act().needsInput()) {
        c.statement("pre[$L] = s", yj);
      }
      c.statement("y[$L] = $L", yj, d.act().forward("s", d.alpha()));
    }
    c.end(r);
  }

  private static void unrolledBackward(LayerCode c, Product d) {
    c.add("// unrolled: $L inputs x $L units; W[i, j] is p[$L], its gradient g[$L]\n",
        d.in(), d.out(), weightIndex(d), weightIndex(d));
    offsets(c, d);
    Loop r = c.beginLoop(d.row(), d.rows());
    rowOffsets(c, d, r.index());
    c.add(d.act() == Activation.LINEAR ? "// d[j]: gradient of unit j\n"
        : "// d[j]: gradient of unit j's pre-activation, through the " + d.act().dslName() + "\n");
    Index w = Index.var("w");
    for (int j = 0; j < d.out(); j++) {
      Index yj = Index.var("yo").plus(j);
      if (d.act() == Activation.LINEAR) {
        c.statement("float d$L = gy[$L]", j, yj);
      } else {
        c.statement("float d$L = gy[$L] * ($L)", j, yj,
            d.act().derivative("pre[" + yj + "]", "y[" + yj + "]", d.alpha()));
      }
    }
    if (d.bias()) {
      for (int j = 0; j < d.out(); j++) {
        c.statement("g[$L] += d$L", Index.var("bo").plus(j), j);
      }
    }
    loadInputs(c, d);
    c.add("// gW[i, j] += x[i] * d[j]\n");
    for (int i = 0; i < d.in(); i++) {
      for (int j = 0; j < d.out(); j++) {
        c.statement("g[$L] += x$L * d$L", w.plus(i * d.out() + j), i, j);
      }
    }
    c.beginInputGrad().add("// gx[i] $L Σ_j d[j] * W[i, j]\n", c.gxAssign());
    for (int i = 0; i < d.in(); i++) {
      CodeBlock.Builder sum = CodeBlock.builder();
      for (int j = 0; j < d.out(); j++) {
        sum.add(j == 0 ? "" : " +$W").add("d$L * p[$L]", j, w.plus(i * d.out() + j));
      }
      c.statement("gx[$L] $L $L", Index.var("xo").plus(i), c.gxAssign(), sum.build());
    }
    c.endInputGrad().end(r);
  }

  /** W[i, j]'s place in p, for the comments: {@code w + i * 4 + j}. */
  private static Index weightIndex(Product d) {
    return Index.var("w").plus(Index.var("i").times(d.out())).plus("j");
  }

  /**
   * The layer's offsets in {@code p} as locals: {@code p[w + 5]} then costs no class-file constant
   * however far into the parameters the layer sits (the constant pool holds 65,535 entries).
   */
  private static void offsets(LayerCode c, Product d) {
    c.statement("int w = $L", c.param("weight"));
    if (d.bias()) {
      c.statement("int bo = $L", c.param("bias"));
    }
  }

  /** {@code int xo = b * 4; int yo = b * 2;}: where the row starts in x and in y. */
  private static void rowOffsets(LayerCode c, Product d, Index row) {
    c.statement("int xo = $L", row.times(d.in()))
        .statement("int yo = $L", row.times(d.out()));
  }

  /** {@code float x0 = x[xo]; float x1 = x[xo + 1]; ...}: each input read once per row. */
  private static void loadInputs(LayerCode c, Product d) {
    for (int i = 0; i < d.in(); i++) {
      c.statement("float x$L = x[$L]", i, Index.var("xo").plus(i));
    }
  }
}
