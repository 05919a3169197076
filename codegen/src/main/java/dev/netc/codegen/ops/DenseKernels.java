package dev.netc.codegen.ops;

import com.squareup.javapoet.CodeBlock;
import dev.netc.runtime.kernels.Gemm;

/**
 * The three ways of writing a dense product {@code y = f(x W + b)} over a batch of rows, one per
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

    /** The row count as Java: {@code batch} or {@code batch * 5}. */
    String rows() {
      return rowsPerExample == 1 ? "batch" : "batch * " + rowsPerExample;
    }
  }

  static void forward(LayerCode c, Product d) {
    switch (c.kernel()) {
      case UNROLLED -> unrolledForward(c, d);
      case LOOPS -> loopsForward(c, d);
      case GEMM -> gemmForward(c, d);
    }
  }

  static void backward(LayerCode c, Product d) {
    switch (c.kernel()) {
      case UNROLLED -> unrolledBackward(c, d);
      case LOOPS -> loopsBackward(c, d);
      case GEMM -> gemmBackward(c, d);
    }
  }

  // ---- gemm: the runtime's SIMD kernels, one call per product over all rows

  private static void gemmForward(LayerCode c, Product d) {
    String r = d.row();
    if (d.bias()) {
      c.add("// the bias is each row's starting value\n")
          .begin("for (int $L = 0; $L < $L; $L++)", r, r, d.rows(), r)
          .statement("System.arraycopy(p, $L, y, $L * $L, $L)", c.param("bias"), r, d.out(), d.out())
          .end();
    }
    c.add("// y[$L, $L] $L x[$L, $L] · W[$L, $L]\n", d.rows(), d.out(), d.bias() ? "+=" : "=", d.rows(), d.in(),
            d.in(), d.out())
        .statement("$T.nn($L, $L, $L, x, 0, $L, p, $L, $L, y, 0, $L, $L)", Gemm.class, d.rows(), d.out(),
            d.in(), d.in(), c.param("weight"), d.out(), d.out(), d.bias());
    if (d.act() != Activation.LINEAR) {
      c.begin("for (int j = 0; j < batch * $L; j++)", d.rowsPerExample() * d.out());
      if (d.act().needsInput()) {
        c.statement("pre[j] = y[j]");
      }
      c.statement("y[j] = $L", d.act().forward("y[j]", d.alpha())).end();
    }
  }

  private static void gemmBackward(LayerCode c, Product d) {
    String r = d.row();
    if (d.act() != Activation.LINEAR) {
      c.add("// through the $L: gy becomes the gradient of the pre-activation\n", d.act().dslName())
          .begin("for (int j = 0; j < batch * $L; j++)", d.rowsPerExample() * d.out())
          .statement("gy[j] *= $L", d.act().derivative("pre[j]", "y[j]", d.alpha()))
          .end();
    }
    if (d.bias()) {
      c.add("// bias gradient: gy summed over the rows\n")
          .begin("for (int $L = 0; $L < $L; $L++)", r, r, d.rows(), r)
          .statement("int yo = $L * $L", r, d.out())
          .begin("for (int j = 0; j < $L; j++)", d.out())
          .statement("g[$L + j] += gy[yo + j]", c.param("bias"))
          .end()
          .end();
    }
    c.add("// weight gradient: gW[$L, $L] += xᵀ · gy, summed over the rows\n", d.in(), d.out())
        .statement("$T.tn($L, $L, $L, x, 0, $L, gy, 0, $L, g, $L, $L, true)", Gemm.class, d.in(), d.out(),
            d.rows(), d.in(), d.out(), c.param("weight"), d.out());
    c.beginInputGrad()
        .add("// input gradient: gx[$L, $L] $L gy · Wᵀ\n", d.rows(), d.in(), c.gxAssign())
        .statement("$T.nt($L, $L, $L, gy, 0, $L, p, $L, $L, gx, 0, $L, $L)", Gemm.class, d.rows(), d.in(),
            d.out(), d.out(), c.param("weight"), d.out(), d.in(), c.accumulate())
        .endInputGrad();
  }

  // ---- loops: constant-bound loops per row; the inner loops run along W's rows, so C2 can vectorize them

  private static void loopsForward(LayerCode c, Product d) {
    String r = d.row();
    c.add("// constant-bound loops: y[$L, :] = x[$L, :] · W[$L, $L]$L, row by row\n", r, r, d.in(), d.out(),
            d.bias() ? " + b" : "")
        .begin("for (int $L = 0; $L < $L; $L++)", r, r, d.rows(), r)
        .statement("int xo = $L * $L", r, d.in())
        .statement("int yo = $L * $L", r, d.out());
    if (d.bias()) {
      c.statement("System.arraycopy(p, $L, y, yo, $L)", c.param("bias"), d.out());
    } else {
      c.statement("$T.fill(y, yo, yo + $L, 0f)", java.util.Arrays.class, d.out());
    }
    c.begin("for (int i = 0; i < $L; i++)", d.in())
        .statement("float xi = x[xo + i]")
        .statement("int w = $L + i * $L", c.param("weight"), d.out())
        .begin("for (int j = 0; j < $L; j++)", d.out())
        .statement("y[yo + j] += xi * p[w + j]")
        .end()
        .end();
    if (d.act() != Activation.LINEAR) {
      c.begin("for (int j = 0; j < $L; j++)", d.out()).statement("float s = y[yo + j]");
      if (d.act().needsInput()) {
        c.statement("pre[yo + j] = s");
      }
      c.statement("y[yo + j] = $L", d.act().forward("s", d.alpha())).end();
    }
    c.end();
  }

  private static void loopsBackward(LayerCode c, Product d) {
    String r = d.row();
    c.add("// constant-bound loops, row by row: gW += xᵀ · gy$L, gx $L gy · Wᵀ\n",
            d.bias() ? ", gb += gy" : "", c.gxAssign())
        .begin("for (int $L = 0; $L < $L; $L++)", r, r, d.rows(), r)
        .statement("int xo = $L * $L", r, d.in())
        .statement("int yo = $L * $L", r, d.out());
    if (d.act() != Activation.LINEAR) {
      c.add("// through the $L: gy becomes the gradient of the pre-activation\n", d.act().dslName())
          .begin("for (int j = 0; j < $L; j++)", d.out())
          .statement("gy[yo + j] *= $L", d.act().derivative("pre[yo + j]", "y[yo + j]", d.alpha()))
          .end();
    }
    if (d.bias()) {
      c.begin("for (int j = 0; j < $L; j++)", d.out())
          .statement("g[$L + j] += gy[yo + j]", c.param("bias"))
          .end();
    }
    c.begin("for (int i = 0; i < $L; i++)", d.in())
        .statement("float xi = x[xo + i]")
        .statement("int w = $L + i * $L", c.param("weight"), d.out())
        .begin("for (int j = 0; j < $L; j++)", d.out())
        .statement("g[w + j] += xi * gy[yo + j]")
        .end()
        .end();
    c.beginInputGrad()
        .begin("for (int i = 0; i < $L; i++)", d.in())
        .statement("int w = $L + i * $L", c.param("weight"), d.out())
        .statement("float s = 0f")
        .begin("for (int j = 0; j < $L; j++)", d.out())
        .statement("s += gy[yo + j] * p[w + j]")
        .end()
        .statement("gx[xo + i] $L s", c.gxAssign())
        .end()
        .endInputGrad();
    c.end();
  }

  // ---- unrolled: the loop over rows stays; inside it every multiply-add is its own term

  private static void unrolledForward(LayerCode c, Product d) {
    String r = d.row();
    c.add("// unrolled: $L inputs x $L units; W[i, j] is p[w + i * $L + j]\n", d.in(), d.out(), d.out());
    offsets(c, d);
    c.begin("for (int $L = 0; $L < $L; $L++)", r, r, d.rows(), r)
        .statement("int xo = $L * $L", r, d.in())
        .statement("int yo = $L * $L", r, d.out());
    loadInputs(c, d);
    boolean viaLocal = d.act() != Activation.LINEAR;
    if (viaLocal) {
      c.statement("float s");
    }
    for (int j = 0; j < d.out(); j++) {
      CodeBlock.Builder sum = CodeBlock.builder();
      if (d.bias()) {
        sum.add("p[$L]", plus("bo", j));
      }
      for (int i = 0; i < d.in(); i++) {
        sum.add(i == 0 && !d.bias() ? "" : " +$W").add("x$L * p[$L]", i, plus("w", i * d.out() + j));
      }
      String yj = plus("yo", j);
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
    c.end();
  }

  private static void unrolledBackward(LayerCode c, Product d) {
    String r = d.row();
    c.add("// unrolled: $L inputs x $L units; W[i, j] is p[w + i * $L + j], its gradient g[w + i * $L + j]\n",
        d.in(), d.out(), d.out(), d.out());
    offsets(c, d);
    c.begin("for (int $L = 0; $L < $L; $L++)", r, r, d.rows(), r)
        .statement("int xo = $L * $L", r, d.in())
        .statement("int yo = $L * $L", r, d.out())
        .add(d.act() == Activation.LINEAR ? "// d[j]: gradient of unit j\n"
            : "// d[j]: gradient of unit j's pre-activation, through the " + d.act().dslName() + "\n");
    for (int j = 0; j < d.out(); j++) {
      String yj = plus("yo", j);
      if (d.act() == Activation.LINEAR) {
        c.statement("float d$L = gy[$L]", j, yj);
      } else {
        c.statement("float d$L = gy[$L] * ($L)", j, yj,
            d.act().derivative("pre[" + yj + "]", "y[" + yj + "]", d.alpha()));
      }
    }
    if (d.bias()) {
      for (int j = 0; j < d.out(); j++) {
        c.statement("g[$L] += d$L", plus("bo", j), j);
      }
    }
    loadInputs(c, d);
    c.add("// gW[i, j] += x[i] * d[j]\n");
    for (int i = 0; i < d.in(); i++) {
      for (int j = 0; j < d.out(); j++) {
        c.statement("g[$L] += x$L * d$L", plus("w", i * d.out() + j), i, j);
      }
    }
    c.beginInputGrad().add("// gx[i] $L Σ_j d[j] * W[i, j]\n", c.gxAssign());
    for (int i = 0; i < d.in(); i++) {
      CodeBlock.Builder sum = CodeBlock.builder();
      for (int j = 0; j < d.out(); j++) {
        sum.add(j == 0 ? "" : " +$W").add("d$L * p[$L]", j, plus("w", i * d.out() + j));
      }
      c.statement("gx[$L] $L $L", plus("xo", i), c.gxAssign(), sum.build());
    }
    c.endInputGrad().end();
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

  /** {@code float x0 = x[xo]; float x1 = x[xo + 1]; ...}: each input read once per row. */
  private static void loadInputs(LayerCode c, Product d) {
    for (int i = 0; i < d.in(); i++) {
      c.statement("float x$L = x[$L]", i, plus("xo", i));
    }
  }

  /** {@code base} or {@code base + k}: a constant index reads as one. */
  private static String plus(String base, int k) {
    return k == 0 ? base : base + " + " + k;
  }
}
