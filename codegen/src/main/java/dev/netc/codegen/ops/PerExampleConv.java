package dev.netc.codegen.ops;

/**
 * The convolution variants that work one example at a time, reading the input where it lies:
 * forward is the bias as each output's starting value, the variant's products, then the
 * activation in place; backward is the activation's derivative, the bias gradient, then the
 * variant's weight and input gradients. Subclasses write the products.
 */
abstract sealed class PerExampleConv implements ConvVariant permits PointwiseConv, DirectConv {

  /** y[yo ...] += the layer's product for the example at {@code xo}. */
  abstract void product(LayerCode c, ConvLayer l);

  /** g += the weight gradient and gx (=|+=) the input gradient of the example at {@code xo}, {@code yo}. */
  abstract void productGradients(LayerCode c, ConvLayer l);

  @Override
  public final void forward(LayerCode c, ConvLayer l) {
    int pl = l.positions();
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int yo = b * $L", c.outSize());
    if (l.bias()) {
      c.begin("for (int f = 0; f < $L; f++)", l.filters())
          .statement("java.util.Arrays.fill(y, yo + f * $L, yo + f * $L + $L, p[$L + f])", pl, pl, pl,
              c.param("bias"))
          .end();
    } else {
      c.statement("java.util.Arrays.fill(y, yo, yo + $L, 0f)", c.outSize());
    }
    product(c, l);
    Activation act = l.act();
    if (act != Activation.LINEAR) {
      c.begin("for (int j = yo; j < yo + $L; j++)", c.outSize());
      if (act.needsInput()) {
        c.statement("pre[j] = y[j]");
      }
      c.statement("y[j] = $L", act.forward("y[j]", l.alpha()));
      c.end();
    }
    c.end();
  }

  @Override
  public final void backward(LayerCode c, ConvLayer l) {
    int pl = l.positions();
    Activation act = l.act();
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int yo = b * $L", c.outSize());
    if (act != Activation.LINEAR) {
      c.add("// through the $L: gy becomes the gradient of the pre-activation\n", act.dslName())
          .begin("for (int j = yo; j < yo + $L; j++)", c.outSize())
          .statement("gy[j] *= $L", act.derivative("pre[j]", "y[j]", l.alpha()))
          .end();
    }
    if (l.bias()) {
      c.begin("for (int f = 0; f < $L; f++)", l.filters())
          .statement("int r = yo + f * $L", pl)
          .statement("float s = 0f")
          .begin("for (int q = 0; q < $L; q++)", pl)
          .statement("s += gy[r + q]")
          .end()
          .statement("g[$L + f] += s", c.param("bias"))
          .end();
    }
    productGradients(c, l);
    c.end();
  }
}
